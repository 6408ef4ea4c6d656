// Username + password checks shared by auth.login (tRPC/REST) and the next-auth
// Credentials provider, so both paths have the same failure behaviour and audit trail.
import { recordSecurityEvent, type EventContext } from "../audit";
import { AppError } from "../errors";
import { HASHER_BUSY_MESSAGE, HASHER_BUSY_RETRY_SECONDS, RATE_LIMIT_HEADERS } from "../limits";
import type { AuthUser } from "../principal";
import { usernameKey } from "../schemas/auth";
import { HasherBusyError, verifyPassword } from "./password";
import { usernameFingerprint } from "./username-fingerprint";

type CredentialsContext = EventContext & {
  /** Where Retry-After goes when the hasher is saturated (absent outside HTTP). */
  resHeaders?: Headers | null;
};

/**
 * The user these credentials belong to, or null. Every path runs the hasher exactly once:
 * an unknown username verifies against a dummy hash, and a disabled or OIDC-only account
 * is verified too before being refused, so neither the answer nor the time tells an
 * attacker which usernames exist.
 */
export async function checkCredentials(
  ctx: CredentialsContext,
  input: { username: string; password: string },
  via: "password" | "login-token",
): Promise<AuthUser | null> {
  const user = await ctx.db.user.findUnique({
    where: { usernameKey: usernameKey(input.username) },
    select: { id: true, username: true, role: true, passwordHash: true, disabledAt: true },
  });
  const ok = await verifyPassword(user?.passwordHash ?? null, input.password).catch(
    (error: unknown) => {
      throw hasherBusyRefusal(error, ctx);
    },
  );
  if (!user || !ok || user.disabledAt) {
    const reason = !user ? "unknown-user" : !ok ? "bad-password" : "disabled";
    // The reason is for admins and operators only; the caller always gets the same answer.
    recordSecurityEvent(ctx, "auth.login.failure", {
      actorId: null,
      target: user?.id ?? null,
      // An unknown name may be a password typed into the wrong field: only its fingerprint is kept.
      meta: {
        username: user ? user.username : usernameFingerprint(input.username),
        reason,
        via,
      },
    });
    return null;
  }
  recordSecurityEvent(ctx, "auth.login.success", {
    actorId: user.id,
    target: user.id,
    meta: { via },
  });
  return { id: user.id, username: user.username, role: user.role };
}

/** A saturated hasher becomes 503 with Retry-After (set on the response when there is one); anything else is rethrown as is. */
export function hasherBusyRefusal(error: unknown, ctx: { resHeaders?: Headers | null }): unknown {
  if (!(error instanceof HasherBusyError)) return error;
  ctx.resHeaders?.set(RATE_LIMIT_HEADERS.retryAfter, String(HASHER_BUSY_RETRY_SECONDS));
  return new AppError("SERVICE_UNAVAILABLE", HASHER_BUSY_MESSAGE, { expose: true });
}
