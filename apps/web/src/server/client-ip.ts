// The client address used for rate limits, logs and the audit trail: one function,
// so the TRUST_PROXY rules (how many X-Forwarded-For hops to believe, or Vercel's
// header) are decided in exactly one place.
//
// Next's server has no request.ip; it records the socket address by filling
// X-Forwarded-For only when the client did not send one (base-server.ts: `??=`).
// So the header's last entry is the socket address for a client that sent nothing,
// and client-controlled otherwise: this is the seam where the TRUST_PROXY logic goes.
const FALLBACK_IP = "127.0.0.1";

export function clientIp(req: Request): string {
  const forwarded = req.headers.get("x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim();
  return last || FALLBACK_IP;
}
