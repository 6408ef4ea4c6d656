// Next 16 proxy (formerly middleware): cheap per-request work only. No database and
// never the only auth check: procedures enforce access themselves.
import { randomUUID } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { trustedForwardedProto } from "@taskfort/api/forwarded";
import { getEnv } from "@taskfort/config/env";
import { NONCE_HEADER, REQUEST_ID_HEADER } from "./server/request-id";
import { contentSecurityPolicy, newNonce, securityHeaders } from "./server/security-headers";

const HEALTH_PATH = "/api/health";

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
  const isProduction = env.NODE_ENV === "production";
  const redirect =
    pathname.length > 1 && pathname.endsWith("/") && !pathname.startsWith("/api/v1/");
  let response: NextResponse;
  // /api/health is exempt: load balancers and orchestrators probe the server directly over http.
  if (
    isProduction &&
    pathname !== HEALTH_PATH &&
    trustedForwardedProto(request.headers, env.TRUST_PROXY) === "http"
  ) {
    // Our trusted proxy says the client came over plain http (without one we cannot tell:
    // TLS ends in front of us). 308 keeps the method and body. The target is the canonical
    // AUTH_URL when set; otherwise the Host the client addressed (not request.url, where Next
    // turns 127.0.0.1 into localhost), which only sends the requester back to where it asked to go.
    const base =
      env.AUTH_URL ??
      `https://${(request.headers.get("host") ?? request.nextUrl.host).replace(/:80$/, "")}`;
    if (URL.canParse(base)) {
      const target = new URL(pathname + request.nextUrl.search, base);
      target.protocol = "https:";
      // (Next's proxy adapter reports a 127.0.0.1 host as "localhost"; real host names pass unchanged.)
      response = NextResponse.redirect(target, 308);
    } else {
      response = new NextResponse(null, { status: 400 });
    }
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

// Every path, static files included: the contract puts these headers (and X-Request-Id) on every response.
export const config = { matcher: "/:path*" };
