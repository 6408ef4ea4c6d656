// next-auth's endpoints (/api/auth/*). Password sign-in passes the auth rate limit
// first (per client IP and per username, as auth.login and auth.register do in tRPC),
// so the browser path is no softer target than the API path.
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import {
  checkAuthLimit,
  getRateLimiter,
  httpErrorResponse,
  type RequestScope,
} from "@taskfort/api";
import { getDb } from "@taskfort/db";
import { withApiEdge } from "@/server/api-handler";
import { getAuthOptions } from "@/server/auth";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

async function usernameOf(req: NextRequest): Promise<string | null> {
  try {
    const form = await req.clone().formData();
    const value = form.get("username");
    return typeof value === "string" ? value : null;
  } catch {
    return null;
  }
}

async function handle(req: NextRequest, context: RouteContext, scope: RequestScope) {
  const { nextauth } = await context.params;
  if (req.method === "POST" && nextauth[0] === "callback" && nextauth[1] === "credentials") {
    const { requestId } = scope;
    const outcome = await checkAuthLimit({
      ip: scope.ip,
      username: await usernameOf(req),
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
  }
  return (
    NextAuth(getAuthOptions()) as (req: NextRequest, context: RouteContext) => Promise<Response>
  )(req, context);
}

/** In the request's scope, with the headers and request id every API response gets (sign-in refusals included: 401, 429). */
function handler(req: NextRequest, context: RouteContext) {
  return withApiEdge(req, (scope) => handle(req, context, scope));
}

export { handler as GET, handler as POST };
