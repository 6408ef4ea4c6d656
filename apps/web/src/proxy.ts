// Next 16 proxy (formerly middleware): cheap per-request work only. No database and
// never the only auth check: procedures enforce access themselves.
import { randomUUID } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@taskfort/config/env";
import { NONCE_HEADER, REQUEST_ID_HEADER } from "./server/request-id";
import { contentSecurityPolicy, newNonce, securityHeaders } from "./server/security-headers";

export function proxy(request: NextRequest) {
  const env = getEnv();
  const nonce = newNonce();
  // Always our own id, never the client's: logs and error bodies quote it, so a client must not choose it.
  const requestId = randomUUID();
  const isDev = env.NODE_ENV === "development";

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(REQUEST_ID_HEADER, requestId);
  requestHeaders.set(NONCE_HEADER, nonce);
  // Next reads the nonce from the request's CSP header and stamps it on its own script tags.
  requestHeaders.set("Content-Security-Policy", contentSecurityPolicy({ nonce, isDev }));

  // Next's trailing-slash redirect is off (next.config.ts) so the REST API answers /api/v1/tasks/ itself; pages keep it.
  const { pathname } = request.nextUrl;
  const redirect = pathname.length > 1 && pathname.endsWith("/") && !pathname.startsWith("/api/v1/");
  const response = redirect
    ? NextResponse.redirect(new URL(pathname.replace(/\/+$/, "") + request.nextUrl.search, request.url), 308)
    : NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(securityHeaders({ nonce, isDev, isProduction: env.NODE_ENV === "production" }))) {
    response.headers.set(name, value);
  }
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

// Every path, static files included: the contract puts these headers (and X-Request-Id) on every response.
export const config = { matcher: "/:path*" };
