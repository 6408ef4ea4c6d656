// The client address used for rate limits, logs and the audit trail. The rules (what
// TRUST_PROXY lets us believe, IPv6 handling) live in @taskfort/api's client-ip.ts, where
// they are unit-tested; this file only supplies what the server itself saw.
//
// Next gives route handlers no socket address, and its own X-Forwarded-For is whatever the
// client sent if it sent one. So the TCP peer comes from scripts/peer-address-hook.mjs,
// which the start scripts load into the server process (`node --import`): it overwrites
// X-Taskfort-Peer on every request. Without the hook (e.g. a bare `next start`) that header
// could be forged, so it is ignored and, unless TRUST_PROXY says otherwise, every caller
// lands in one shared "unknown" bucket: stricter, never dodgeable.
import { getLogger, resolveClientIp } from "@taskfort/api";
import { getEnv } from "@taskfort/config/env";

/** Keep in sync with scripts/peer-address-hook.mjs. */
const PEER_HEADER = "x-taskfort-peer";
const MARKER = Symbol.for("taskfort.peerAddressHook");

let warned = false;

function peerAddress(req: Request): string | null {
  if ((globalThis as Record<symbol, unknown>)[MARKER]) return req.headers.get(PEER_HEADER);
  if (!warned && getEnv().TRUST_PROXY !== "vercel") {
    warned = true;
    getLogger().warn(
      { event: "client_ip.no_peer" },
      "The peer-address hook is not loaded (start the server with `npm run dev` / `npm start`), so client IPs are unknown and anonymous callers share one rate-limit bucket.",
    );
  }
  return null;
}

export function clientIp(req: Request): string {
  return resolveClientIp({
    peer: peerAddress(req),
    headers: req.headers,
    trustProxy: getEnv().TRUST_PROXY,
  });
}
