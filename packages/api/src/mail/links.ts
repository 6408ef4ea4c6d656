// Links in mails and the admin's reset link. The secret travels in the URL fragment, which
// browsers never send to a server: it stays out of request logs, proxies and Referer headers;
// the page reads it from location.hash and posts it.
import { getEnv } from "@taskfort/config/env";
import type { Context } from "../context";

export const RESET_PASSWORD_PATH = "/reset-password";
export const VERIFY_EMAIL_PATH = "/verify-email";

/**
 * Where links point. AUTH_URL when set (production needs it once mail is on: a link must not
 * take its host from a request, or a forged Host header would send someone else's reset link
 * to the forger's site). Without it (development, or an admin handing out a link on a
 * mail-less install) the app's origin as this request reached it.
 */
export function linkOrigin(ctx: Pick<Context, "requestOrigin">): string {
  const env = getEnv();
  if (env.AUTH_URL) return new URL(env.AUTH_URL).origin;
  return ctx.requestOrigin?.appOrigin ?? `http://localhost:${env.PORT}`;
}

export function oneTimeLink(
  ctx: Pick<Context, "requestOrigin">,
  path: typeof RESET_PASSWORD_PATH | typeof VERIFY_EMAIL_PATH,
  secret: string,
): string {
  return `${linkOrigin(ctx)}${path}#token=${secret}`;
}
