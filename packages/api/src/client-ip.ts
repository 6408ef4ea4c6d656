// Which address a request came from, for rate-limit buckets and logs. Pure functions
// (the web layer hands in the socket address and the headers), so every spoofing rule
// is unit-tested here.
//
// Security: headers are client-writable. Without TRUST_PROXY we use only the address of
// the TCP peer, so X-Forwarded-For, X-Real-IP or Forwarded cannot move a caller into
// a fresh bucket. With TRUST_PROXY=n (n proxies of ours in front), each of them appends
// the address it saw, so the entry n places from the right of X-Forwarded-For was written
// by our outermost proxy; anything further left is what the client claimed and is ignored.
// With TRUST_PROXY=vercel, Vercel's edge overwrites x-vercel-forwarded-for and x-real-ip
// with the address it saw, so those are the client's.
import ipaddr from "ipaddr.js";

export type TrustProxy = number | "vercel";

/** The bucket for callers whose address could not be learnt: shared, so it can only hurt them, never help. */
export const UNKNOWN_IP = "unknown";

export interface ClientIpInput {
  /** The TCP peer's address as the server socket saw it (null when the platform does not expose it). */
  peer: string | null | undefined;
  headers: Headers;
  trustProxy: TrustProxy;
}

/** A syntactically valid address in canonical form, or null ("1.2.3.4:5678", "[::1]:80" and zone ids are tolerated). */
export function normalizeIp(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let value = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(value))
    value = value.slice(0, value.lastIndexOf(":"));
  value = value.replace(/%.*$/, "");
  if (!ipaddr.isValid(value)) return null;
  // process() turns ::ffff:1.2.3.4 into 1.2.3.4, so a dual-stack socket and a v4 proxy agree.
  const addr = ipaddr.process(value);
  return addr.kind() === "ipv6" ? (addr as ipaddr.IPv6).toRFC5952String() : addr.toString();
}

function forwardedFor(headers: Headers, name: string): string[] {
  // Several header lines are joined with ", " by the Fetch Headers object, which is what we want.
  return (headers.get(name) ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

export function resolveClientIp({ peer, headers, trustProxy }: ClientIpInput): string {
  const peerIp = normalizeIp(peer);
  if (trustProxy === "vercel") {
    const fromVercel =
      normalizeIp(forwardedFor(headers, "x-vercel-forwarded-for")[0]) ??
      normalizeIp(headers.get("x-real-ip"));
    return fromVercel ?? peerIp ?? UNKNOWN_IP;
  }
  if (trustProxy > 0) {
    const chain = forwardedFor(headers, "x-forwarded-for");
    // Fewer entries than trusted hops means the request skipped a proxy; the leftmost entry is
    // then as far as the chain goes (Express's rule). An unparsable entry falls back to the peer.
    const entry = chain.length ? chain[Math.max(0, chain.length - trustProxy)] : undefined;
    return normalizeIp(entry) ?? peerIp ?? UNKNOWN_IP;
  }
  return peerIp ?? UNKNOWN_IP;
}

/**
 * The rate-limit bucket of an address. IPv6 is grouped by /64: one subscriber usually
 * holds a whole /64 and could otherwise rotate through 2^64 buckets.
 */
export function ipRateLimitKey(ip: string): string {
  const normalized = normalizeIp(ip);
  if (!normalized) return UNKNOWN_IP;
  const addr = ipaddr.parse(normalized);
  if (addr.kind() === "ipv4") return normalized;
  const parts = (addr as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16));
  return `${parts.join(":")}::/64`;
}
