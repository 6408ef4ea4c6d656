// Server-side session records behind the next-auth JWT. The JWT carries only the
// session id and user id; because the row must exist on every request, sign-out
// (which deletes it) really ends the session, even for a copy of the cookie.
import type { Db } from "@taskfort/db";

/** A week: long enough not to nag, short enough that a forgotten browser is not signed in for ever. */
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

export async function startSession(
  db: Db,
  userId: string,
): Promise<{ sessionId: string; expiresAt: Date }> {
  const expiresAt = new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000);
  const row = await db.session.create({ data: { userId, expiresAt }, select: { id: true } });
  return { sessionId: row.id, expiresAt };
}

export async function endSession(db: Db, sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}
