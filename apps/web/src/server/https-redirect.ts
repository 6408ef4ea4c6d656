// The production http → https redirect, one rule for the proxy (pages) and the API edge.
import { trustedForwardedProto } from "@taskfort/api/forwarded";
import { getEnv } from "@taskfort/config/env";

export const HEALTH_PATH = "/api/health";

/**
 * Where to send a request that our trusted proxy says came over plain http, or null when
 * it needs no redirect. Without a trusted proxy we cannot tell (TLS ends in front of us), so
 * X-Forwarded-Proto counts only through TRUST_PROXY. /api/health is exempt: load balancers
 * and orchestrators probe the server directly over http. The target is the canonical
 * AUTH_URL when set; otherwise the Host the client addressed (not Next's request.url, where
 * 127.0.0.1 becomes localhost), which only sends the requester back to where it asked to go.
 * "invalid": the Host cannot be a URL (answer 400).
 */
export function httpsRedirectTarget(
  headers: Headers,
  pathname: string,
  search: string,
): URL | "invalid" | null {
  const env = getEnv();
  if (env.NODE_ENV !== "production" || pathname === HEALTH_PATH) return null;
  if (trustedForwardedProto(headers, env.TRUST_PROXY) !== "http") return null;
  const base = env.AUTH_URL ?? `https://${(headers.get("host") ?? "").replace(/:80$/, "")}`;
  if (!URL.canParse(base)) return "invalid";
  const target = new URL(pathname + search, base);
  target.protocol = "https:";
  return target;
}
