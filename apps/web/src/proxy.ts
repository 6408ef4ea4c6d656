// Next 16 proxy (formerly middleware): cheap per-request work only. No database and
// never the only auth check: procedures enforce access themselves.
import { randomUUID } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { currentRequest } from "@taskfort/api/request-scope";
import { getEnv } from "@taskfort/config/env";
import { httpsRedirectTarget } from "./server/https-redirect";
import { NONCE_HEADER, REQUEST_ID_HEADER } from "./server/request-scope";
import { contentSecurityPolicy, newNonce, securityHeaders } from "./server/security-headers";

export function proxy(request: NextRequest) {
  const env = getEnv();
  const nonce = newNonce();
  // The production server's id for this request; without that server, a fresh one. Never the
  // client's: the request header is overwritten with it for the pages behind (request-scope.ts).
  const requestId = currentRequest()?.requestId ?? randomUUID();
  const isDev = env.NODE_ENV === "development";

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(REQUEST_ID_HEADER, requestId);
  requestHeaders.set(NONCE_HEADER, nonce);
  // Next reads the nonce from the request's CSP header and stamps it on its own script tags.
  requestHeaders.set("Content-Security-Policy", contentSecurityPolicy({ nonce, isDev }));

  // Next's trailing-slash redirect is off (next.config.mjs) so the REST API answers /api/v1/tasks/ itself; pages keep it.
  const { pathname } = request.nextUrl;
  const isProduction = env.NODE_ENV === "production";
  const redirect =
    pathname.length > 1 && pathname.endsWith("/") && !pathname.startsWith("/api/v1/");
  let response: NextResponse;
  const httpsTarget = httpsRedirectTarget(request.headers, pathname, request.nextUrl.search);
  if (httpsTarget === "invalid") {
    response = new NextResponse(null, { status: 400 });
  } else if (httpsTarget) {
    // 308 keeps the method and body.
    response = NextResponse.redirect(httpsTarget, 308);
  } else if (redirect) {
    // Leading slashes collapsed: "//evil.example/" must not resolve to another host (open redirect).
    const canonical = "/" + pathname.replace(/^\/+/, "").replace(/\/+$/, "");
    response = NextResponse.redirect(new URL(canonical + request.nextUrl.search, request.url), 308);
  } else {
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  for (const [name, value] of Object.entries(securityHeaders({ nonce, isDev, isProduction }))) {
    response.headers.set(name, value);
  }
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

// Pages, static files, /api/docs: everything but the API, whose shared handler
// (src/server/api-handler.ts) sets the same headers and id itself on both the production
// server and the route handlers.
export const config = { matcher: "/((?!api/(?:trpc|v1|health|metrics|auth)(?:/|$)).*)" };
