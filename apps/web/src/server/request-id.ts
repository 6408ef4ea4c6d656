// Header names the proxy sets on the request for the handlers behind it.
import { randomUUID } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";
export const NONCE_HEADER = "x-nonce";

/**
 * The id the proxy gave this request. The proxy always overwrites any client-sent
 * value, so the id is ours and safe to log; the fallback only covers code paths the
 * proxy does not see (tests calling a handler directly).
 */
export function requestIdOf(req: Request): string {
  return req.headers.get(REQUEST_ID_HEADER) ?? randomUUID();
}
