// Resolves the caller from an Authorization header (API token) or a session reference
// handed over by the web layer. Role and disabled state come from the database on
// every request, so a role change or a disable takes effect at once.
import { findApiToken, findSession, type Db } from "@taskfort/db";
import { TOKEN_SCOPES, type AuthUser, type Principal, type Role, type Scope } from "../principal";
import { hashTokenSecret, looksLikeTokenSecret, parseAuthorization } from "./api-token";

export interface SessionRef {
  userId: string;
  sessionId: string;
}

/** Where a request came from, recorded on its session (at most once a minute, see LAST_SEEN_RESOLUTION_MS). */
export interface SeenFrom {
  ip: string;
  userAgent: string | null;
}

export interface AuthResult {
  principal: Principal | null;
  /**
   * Set when the request presented an API token that is malformed, unknown, revoked,
   * expired or whose owner is disabled. Such a request is refused (UNAUTHORIZED), never
   * served as anonymous: a script with a dead token should fail loudly, not quietly
   * read public data. A session that no longer resolves is simply signed out.
   */
  rejected: string | null;
}

export const TOKEN_REJECTED_MESSAGE =
  "This API token is not valid: it is unknown, revoked or expired, or its owner is disabled.";

/** lastUsedAt is refreshed at most this often per token, so a busy script does not write on every call. */
export const LAST_USED_RESOLUTION_MS = 60_000;
/** A session's lastSeenAt (with its address and browser) likewise: at most one write a minute per session. */
export const LAST_SEEN_RESOLUTION_MS = 60_000;
/** User agents are stored for the session list, not for forensics: a bounded prefix is enough. */
const USER_AGENT_MAX = 256;

function toAuthUser(u: { id: string; username: string; role: Role }): AuthUser {
  return { id: u.id, username: u.username, role: u.role };
}

export async function authenticate(
  db: Db,
  input: { authorization: string | null; session: SessionRef | null; seenFrom?: SeenFrom },
): Promise<AuthResult> {
  // An explicit token wins over a cookie: the caller chose it for this request.
  const credential = parseAuthorization(input.authorization);
  if (credential !== null) {
    const principal = credential === "malformed" ? null : await principalFromToken(db, credential);
    return principal
      ? { principal, rejected: null }
      : { principal: null, rejected: TOKEN_REJECTED_MESSAGE };
  }
  if (input.session)
    return {
      principal: await principalFromSession(db, input.session, input.seenFrom),
      rejected: null,
    };
  return { principal: null, rejected: null };
}

async function principalFromToken(db: Db, secret: string): Promise<Principal | null> {
  // A string that cannot be one of ours costs no database round trip.
  if (!looksLikeTokenSecret(secret)) return null;
  const now = new Date();
  const token = await findApiToken(db, hashTokenSecret(secret));
  if (!token || token.revokedAt || token.expiresAt <= now || token.owner.disabledAt) return null;

  const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!token.lastUsedAt || token.lastUsedAt < stale) {
    // The where repeats the staleness test, so concurrent requests produce one write, not many.
    await db.apiToken.updateMany({
      where: { id: token.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: stale } }] },
      data: { lastUsedAt: now },
    });
  }
  const scopes = token.scopes.filter((s): s is Scope =>
    (TOKEN_SCOPES as readonly string[]).includes(s),
  );
  return { kind: "token", user: toAuthUser(token.owner), tokenId: token.id, scopes };
}

async function principalFromSession(
  db: Db,
  ref: SessionRef,
  seenFrom: SeenFrom | undefined,
): Promise<Principal | null> {
  // The JWT only names the session; the row must still exist (sign-out deletes it),
  // belong to that user, be unexpired, and the user must not be disabled.
  const now = new Date();
  const session = await findSession(db, { id: ref.sessionId, userId: ref.userId });
  if (!session || session.expiresAt <= now || session.user.disabledAt) return null;
  if (seenFrom) {
    const stale = new Date(now.getTime() - LAST_SEEN_RESOLUTION_MS);
    if (session.lastSeenAt < stale || session.ip === null) {
      // The where repeats the test, so a burst of requests writes once, not once each.
      await db.session.updateMany({
        where: { id: session.id, OR: [{ lastSeenAt: { lt: stale } }, { ip: null }] },
        data: {
          lastSeenAt: now,
          ip: seenFrom.ip,
          userAgent: seenFrom.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
        },
      });
    }
  }
  return { kind: "session", user: toAuthUser(session.user), sessionId: session.id };
}
