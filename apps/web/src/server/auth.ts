// next-auth configuration: the only place that knows next-auth.
// (Owned by the identity work; until it lands no request has a session.)
import type { SessionRef } from "@taskfort/api";

/** The verified session behind this request's cookie, or null. */
export async function getSessionRef(_req: Request): Promise<SessionRef | null> {
  return null;
}
