// This request's id and client address, for code that runs inside Next (the proxy, server
// components, next-auth callbacks, the API route handlers).
//
// Under the production server (src/server/http-server.ts) the scope was opened from the
// socket before Next saw the request, and is simply read. Without it (a bare `next start`,
// Vercel) there is no socket address to be had: Next gives route handlers none, and its own
// X-Forwarded-For is whatever the client sent. So only the TRUST_PROXY rules can name the
// client there; with TRUST_PROXY unset every caller lands in one shared "unknown" bucket:
// stricter, never dodgeable.
import {
  currentRequest,
  getLogger,
  newRequestScope,
  resolveClientIp,
  type RequestScope,
} from "@taskfort/api";
import { getEnv } from "@taskfort/config/env";

export const REQUEST_ID_HEADER = "x-request-id";
export const NONCE_HEADER = "x-nonce";

let warned = false;

/** A new scope where no production server opened one: address from the TRUST_PROXY rules alone. */
export function scopeWithoutServer(headers: Headers): RequestScope {
  const trustProxy = getEnv().TRUST_PROXY;
  if (!warned && trustProxy === 0) {
    warned = true;
    getLogger().warn(
      { event: "client_ip.no_peer" },
      "Not running under the production server (`npm start` / `npm run dev`) and TRUST_PROXY is unset, so client IPs are unknown and anonymous callers share one rate-limit bucket.",
    );
  }
  return newRequestScope(resolveClientIp({ peer: null, headers, trustProxy }));
}

/**
 * The scope of the request being rendered (server components, next-auth callbacks). The
 * proxy runs in front of every page and overwrites X-Request-Id on the request with the id
 * it answers with, so without the production server that header is ours to read.
 */
export function pageRequestScope(headers: Headers): RequestScope {
  const scope = currentRequest();
  if (scope) return scope;
  const fresh = scopeWithoutServer(headers);
  const proxyId = headers.get(REQUEST_ID_HEADER);
  return proxyId ? { ...fresh, requestId: proxyId } : fresh;
}
