// next-auth's endpoints (/api/auth/*). Password sign-in passes the auth rate limit
// first (per client IP and per username, as auth.login and auth.register do in tRPC),
// so the browser path is no softer target than the API path.
import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import {
  checkAuthLimit,
  getRateLimiter,
  hasherSaturated,
  httpErrorResponse,
  type RequestScope,
} from "@taskfort/api";
import { HASHER_BUSY_MESSAGE, HASHER_BUSY_RETRY_SECONDS } from "@taskfort/api/limits";
import { getDb } from "@taskfort/db";
import { sameOriginRedirect } from "@/lib/errors";
import { withApiEdge, withProbeLimit } from "@/server/api-handler";
import { getAuthOptions } from "@/server/auth";
import { readCredentialsBody } from "@/server/credentials-body";
import { AUTH_ROUTE } from "@/server/route-templates";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

type Credentials = { username: string | null } | "unreadable";

/**
 * The username exactly as next-auth will read it: its body parser (readCredentialsBody) on a
 * copy of the request, so JSON bodies, form bodies, a repeated field (last value wins) and any
 * content type it accepts give the limiter the very value authorize() receives. A body
 * next-auth could not parse either is refused here (400) instead of becoming its 500.
 */
async function credentialsOf(req: NextRequest): Promise<Credentials> {
  try {
    const body = await readCredentialsBody(req.clone());
    const value: unknown = body?.username;
    return { username: typeof value === "string" ? value : null };
  } catch {
    return "unreadable";
  }
}

/**
 * next-auth answers 500 ("server configuration") to a ?callbackUrl= it cannot parse
 * ("http://a:99999/"), and follows it when it can. Before it runs, the parameter becomes the
 * same-origin path our own rule allows (sameOriginRedirect), so neither can happen.
 */
function withSafeCallbackUrl(req: NextRequest): NextRequest {
  const value = req.nextUrl.searchParams.get("callbackUrl");
  if (value === null) return req;
  const safe = sameOriginRedirect(value, req.nextUrl.origin).slice(req.nextUrl.origin.length);
  if (safe === value) return req;
  const url = new URL(req.url);
  url.searchParams.set("callbackUrl", safe);
  return new NextRequest(url, {
    method: req.method,
    headers: req.headers,
    body: req.body,
    duplex: "half",
  });
}

/** next-auth's reads: each is a session decode or a provider list, polled by every open tab. */
const PROBE_READS = new Set(["session", "csrf", "providers"]);

async function handle(original: NextRequest, context: RouteContext, scope: RequestScope) {
  const req = withSafeCallbackUrl(original);
  const { nextauth } = await context.params;
  if (req.method === "GET" && nextauth.length === 1 && PROBE_READS.has(nextauth[0]!))
    return withProbeLimit(scope, `/api/auth/${nextauth[0]}`, () => nextAuth(req, context));
  if (req.method === "POST" && nextauth[0] === "callback" && nextauth[1] === "credentials") {
    const { requestId } = scope;
    const credentials = await credentialsOf(req);
    // Counted before the body is judged, like every sign-in attempt.
    const outcome = await checkAuthLimit({
      ip: scope.ip,
      username: credentials === "unreadable" ? null : credentials.username,
      requestId,
      db: getDb(),
      limiter: getRateLimiter(),
    });
    if (!outcome.allowed) {
      return httpErrorResponse(
        outcome.status === 503 ? "SERVICE_UNAVAILABLE" : "TOO_MANY_REQUESTS",
        requestId,
        outcome.message,
        outcome.headers,
      );
    }
    // Argon2 work is bounded per process: past the queue, refuse now (503 + Retry-After)
    // rather than queue without end (see withHasherSlot).
    if (hasherSaturated())
      return httpErrorResponse("SERVICE_UNAVAILABLE", requestId, HASHER_BUSY_MESSAGE, {
        "retry-after": String(HASHER_BUSY_RETRY_SECONDS),
      });
    if (credentials === "unreadable")
      return httpErrorResponse("BAD_REQUEST", requestId, "The request body could not be read.");
  }
  return nextAuth(req, context);
}

function nextAuth(req: NextRequest, context: RouteContext): Promise<Response> {
  return (
    NextAuth(getAuthOptions()) as (req: NextRequest, context: RouteContext) => Promise<Response>
  )(req, context);
}

/** In the request's scope, with the headers and request id every API response gets (sign-in refusals included: 401, 429). */
function handler(req: NextRequest, context: RouteContext) {
  return withApiEdge(req, (scope) => {
    // Where no production server labelled it already (Vercel, a bare `next start`).
    scope.route ??= AUTH_ROUTE;
    return handle(req, context, scope);
  });
}

export { handler as GET, handler as POST };
