// Which origins may talk to the API with the user's cookies: CORS (what a browser lets
// another origin read) and CSRF (what we let another origin change). One policy for
// /api/trpc and /api/v1: the app's own origin, plus the exact origins in
// CORS_ALLOWED_ORIGINS. Security-sensitive: read the comments before changing anything.
import { getEnv } from "@taskfort/config/env";
import { recordSecurityEvent } from "../audit";
import { AppError } from "../errors";
import { trustedForwardedProto } from "../forwarded";
import type { Context } from "../context";

/** What a request says about where it came from; null for in-process callers (server components, tests). */
export interface RequestOrigin {
  method: string;
  /** The Origin header as sent ("null" included), or null when absent. */
  origin: string | null;
  secFetchSite: string | null;
  /** The origin this app is served from (see appOrigin). */
  appOrigin: string;
}

/**
 * The app's own origin. AUTH_URL when set: it is the canonical public URL (next-auth uses
 * it too). Otherwise the origin the request was addressed to: its Host header, with the
 * scheme our trusted proxy reports (TRUST_PROXY) or else the one the server itself serves.
 * (Not Next's req.url: Next rewrites a 127.0.0.1 host to "localhost" there.) Trusting Host
 * is safe for CSRF: the attacker is a web page, and a browser never lets a page choose the
 * Host (or any forwarding header) of a cross-site request; what it cannot hide is its Origin.
 */
export function appOrigin(req: { headers: Headers; url?: string }): string {
  const env = getEnv();
  if (env.AUTH_URL) return new URL(env.AUTH_URL).origin;
  // No URL (next-auth's callbacks get headers only): the scheme is http unless a trusted proxy says otherwise.
  const url = new URL(req.url ?? "http://localhost/");
  const scheme = trustedForwardedProto(req.headers, env.TRUST_PROXY) ?? url.protocol.slice(0, -1);
  const host = req.headers.get("host") ?? url.host;
  try {
    return new URL(`${scheme}://${host}`).origin;
  } catch {
    // An unparsable Host matches no Origin: every cookie write from it is refused.
    return "invalid:";
  }
}

export function requestOriginOf(req: Request): RequestOrigin {
  return {
    method: req.method,
    origin: req.headers.get("origin"),
    secFetchSite: req.headers.get("sec-fetch-site"),
    appOrigin: appOrigin(req),
  };
}

/** Exact string match only: no wildcards, no suffix matching, "null" never. */
export function isAllowListed(origin: string | null): origin is string {
  return origin !== null && getEnv().CORS_ALLOWED_ORIGINS.includes(origin);
}

/**
 * May this request change state with the caller's cookie? Its Origin must be the app or
 * allow-listed; a request without Origin passes only when the browser vouches for it with
 * Sec-Fetch-Site: same-origin. Anything else is refused: a missing Origin on a
 * cookie-carrying write is exactly what an old or odd client must not get away with.
 */
export function isSameOriginOrAllowed(o: RequestOrigin): boolean {
  if (o.origin !== null) return o.origin === o.appOrigin || isAllowListed(o.origin);
  return o.secFetchSite === "same-origin";
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export const CSRF_MESSAGE =
  "This request did not come from the app's own pages, so it was refused.";

/**
 * The CSRF check, run on every procedure (trpc.ts). Only cookie sessions need it: a
 * browser attaches cookies to cross-site requests on its own, but an API token travels in
 * Authorization, which another origin can only send after a CORS preflight we refuse.
 * Covers tRPC mutations (whatever the body type: multipart/form-data and
 * application/octet-stream reach tRPC without a preflight) and every unsafe REST method.
 */
export function enforceSameOrigin({
  ctx,
  type,
  path,
}: {
  ctx: Context;
  type: string;
  path: string;
}): void {
  const o = ctx.requestOrigin;
  if (!o || ctx.principal?.kind !== "session") return;
  if (type !== "mutation" && SAFE_METHODS.has(o.method)) return;
  if (isSameOriginOrAllowed(o)) return;
  recordSecurityEvent(ctx, "csrf.blocked", {
    meta: {
      procedure: path,
      origin: o.origin ?? "(none)",
      secFetchSite: o.secFetchSite ?? "(none)",
      appOrigin: o.appOrigin,
    },
  });
  throw new AppError("FORBIDDEN", CSRF_MESSAGE, { cause: new CsrfRefusal() });
}

/** Marks a CSRF refusal, so the authz.denied audit does not log it a second time. */
export class CsrfRefusal extends Error {
  constructor() {
    super("csrf refusal");
    this.name = "CsrfRefusal";
  }
}

// ---- CORS -------------------------------------------------------------------------------

const ALLOWED_REQUEST_HEADERS = "authorization, content-type, trpc-accept, x-trpc-source";
const PREFLIGHT_MAX_AGE_SECONDS = "600";

/**
 * CORS headers for an API response. Same-origin needs none. An allow-listed origin is
 * echoed exactly, with credentials; any other origin gets nothing, so its page cannot read
 * the answer. Never "*" and never an unchecked echo: with credentials either would hand
 * every site the user's data. Vary: Origin always, so a cache cannot serve one origin's
 * answer to another.
 */
export function corsHeaders(req: Request): Headers {
  const headers = new Headers({ vary: "Origin" });
  const origin = req.headers.get("origin");
  if (isAllowListed(origin) && origin !== appOrigin(req)) {
    headers.set("access-control-allow-origin", origin);
    headers.set("access-control-allow-credentials", "true");
    headers.set(
      "access-control-expose-headers",
      "x-request-id, retry-after, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset",
    );
  }
  return headers;
}

/** The answer to OPTIONS: preflight approval for allow-listed origins only; a bare 204 for the rest. */
export function preflightResponse(req: Request, allowMethods: string, requestId: string): Response {
  const headers = corsHeaders(req);
  headers.set("vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
  headers.set("allow", `${allowMethods}, OPTIONS`);
  headers.set("x-request-id", requestId);
  if (headers.has("access-control-allow-origin")) {
    headers.set("access-control-allow-methods", allowMethods);
    headers.set("access-control-allow-headers", ALLOWED_REQUEST_HEADERS);
    headers.set("access-control-max-age", PREFLIGHT_MAX_AGE_SECONDS);
  }
  return new Response(null, { status: 204, headers });
}
