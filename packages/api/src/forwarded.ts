// The scheme a request arrived with at our edge. Pure and dependency-free, so the Next
// proxy (https redirect) and the API (the app's own origin for CSRF) share one rule.
//
// Security: X-Forwarded-Proto is client-writable. It counts only through TRUST_PROXY, with
// the rule client-ip.ts uses for X-Forwarded-For: our outermost proxy's entry sits `hops`
// places from the right (a proxy that overwrites the header leaves one entry, which is
// then its own). Without a trusted proxy the header is ignored.
import type { TrustProxy } from "./client-ip";

/** "http" or "https" as our outermost trusted proxy saw it, or null when no trusted proxy said. */
export function trustedForwardedProto(
  headers: Headers,
  trustProxy: TrustProxy,
): "http" | "https" | null {
  if (trustProxy === 0) return null;
  const chain = (headers.get("x-forwarded-proto") ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const hops = trustProxy === "vercel" ? 1 : trustProxy;
  const entry = chain[Math.max(0, chain.length - hops)];
  return entry === "http" || entry === "https" ? entry : null;
}
