// Resolves the caller from an Authorization header (API token) or a session reference
// handed over by the web layer. Role and disabled state come from the database on
// every request, so a role change or a disable takes effect at once.
// (Owned by the identity work; until it lands every request is anonymous.)
import type { Db } from "@taskfort/db";
import type { Principal } from "../context";

export interface SessionRef {
  userId: string;
  sessionId: string;
}

export async function authenticate(_db: Db, _input: { authorization: string | null; session: SessionRef | null }): Promise<Principal | null> {
  return null;
}
