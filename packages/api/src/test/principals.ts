// Users and principals for router tests, made directly in the test database (no HTTP,
// no next-auth): the session and token rows are real, so anything that looks them up finds them.
import { randomBytes, randomUUID } from "node:crypto";
import type { Db } from "@taskfort/db";
import type { AuthUser, Principal, Role, Scope } from "../principal";
import { usernameKey } from "../schemas/auth";

const DAY_MS = 24 * 60 * 60 * 1000;

export async function createUser(
  db: Db,
  opts: { username?: string; role?: Role } = {},
): Promise<AuthUser> {
  const username = opts.username ?? `user_${randomBytes(6).toString("hex")}`;
  return db.user.create({
    data: { username, usernameKey: usernameKey(username), role: opts.role ?? "USER" },
    select: { id: true, username: true, role: true },
  });
}

/** A signed-in browser session for `user` (sessions are not scoped). */
export async function sessionPrincipal(db: Db, user: AuthUser): Promise<Principal> {
  const session = await db.session.create({
    data: { userId: user.id, expiresAt: new Date(Date.now() + DAY_MS) },
    select: { id: true },
  });
  return { kind: "session", user, sessionId: session.id };
}

/** An API token of `user` with exactly `scopes`. */
export async function tokenPrincipal(db: Db, user: AuthUser, scopes: Scope[]): Promise<Principal> {
  const token = await db.apiToken.create({
    data: {
      ownerId: user.id,
      name: "test token",
      tokenHash: randomUUID(),
      prefix: "test",
      scopes,
      expiresAt: new Date(Date.now() + DAY_MS),
    },
    select: { id: true },
  });
  return { kind: "token", user, tokenId: token.id, scopes };
}

/** A fresh user with a session: the usual caller of a router test. */
export async function signedInUser(
  db: Db,
  opts: { role?: Role } = {},
): Promise<{ user: AuthUser; principal: Principal }> {
  const user = await createUser(db, opts);
  return { user, principal: await sessionPrincipal(db, user) };
}
