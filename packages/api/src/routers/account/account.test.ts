import { describe, expect, it } from "vitest";
import { flushBackgroundWork } from "../../background";
import { issueApiToken } from "../../auth/api-token";
import { authenticate } from "../../auth/authenticate";
import { hashPassword } from "../../auth/password";
import type { AuthUser, Principal } from "../../context";
import { accountMessages } from "../../schemas/account";
import { authMessages } from "../../schemas/auth";
import { useTestDatabase } from "../../test/db";
import { useMailCatcher } from "../../test/mail";
import { createUser, sessionPrincipal, signedInUser, tokenPrincipal } from "../../test/principals";
import { callerFor, errorOf } from "../../test/trpc";

const testDb = useTestDatabase();
const PASSWORD = "correct horse battery staple 42";
const NEW_PASSWORD = "a brand new passphrase 77";

const mail = useMailCatcher();

/** A user with a password and a live session. */
async function member(): Promise<{ user: AuthUser; principal: Principal }> {
  const user = await createUser(testDb());
  await testDb().user.update({
    where: { id: user.id },
    data: { passwordHash: await hashPassword(PASSWORD) },
  });
  return { user, principal: await sessionPrincipal(testDb(), user) };
}

const sessionIdOf = (p: Principal) => (p as { sessionId: string }).sessionId;
const isLive = async (userId: string, p: Principal) =>
  (
    await authenticate(testDb(), {
      authorization: null,
      session: { userId, sessionId: sessionIdOf(p) },
    })
  ).principal !== null;

describe("account: who may call", () => {
  it("account: anonymous is UNAUTHORIZED everywhere; an API token may only read /me (FORBIDDEN elsewhere)", async () => {
    const { user } = await member();
    const token = await tokenPrincipal(testDb(), user, ["tasks:read", "tasks:write"]);
    const calls = (p: Principal | null) => {
      const c = callerFor(testDb(), p);
      return [
        () => c.account.changePassword({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD }),
        () => c.account.sessions.list(),
        () => c.account.sessions.revoke({ id: "x" }),
        () => c.account.sessions.revokeOthers(),
        () => c.account.setEmail({ email: "a@example.com" }),
        () => c.account.export(),
        () => c.account.delete({ password: PASSWORD }),
      ];
    };
    expect((await errorOf(callerFor(testDb(), null).account.get())).code).toBe("UNAUTHORIZED");
    for (const call of calls(null)) expect((await errorOf(call())).code).toBe("UNAUTHORIZED");
    for (const call of calls(token)) expect((await errorOf(call())).code).toBe("FORBIDDEN");
    await expect(callerFor(testDb(), token).account.get()).resolves.toMatchObject({
      id: user.id,
      twoFactor: false,
      passkeys: 0,
    });
    // Nothing happened for the refused callers.
    const row = await testDb().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.email).toBeNull();
    expect(await testDb().session.count({ where: { userId: user.id } })).toBe(1);
  });
});

describe("account.changePassword", () => {
  it("account: changing the password ends every other session but not the current one, and is audited", async () => {
    const { user, principal } = await member();
    const other = await sessionPrincipal(testDb(), user);
    const bystander = await member();
    await callerFor(testDb(), principal).account.changePassword({
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(await isLive(user.id, principal)).toBe(true);
    expect(await isLive(user.id, other)).toBe(false);
    expect(await isLive(bystander.user.id, bystander.principal)).toBe(true);
    await flushBackgroundWork();
    expect(
      await testDb().auditEvent.count({
        where: { action: "auth.password.change", actorId: user.id },
      }),
    ).toBe(1);
  });

  it("account: a wrong current password or a weak new one is a field error and changes nothing", async () => {
    const { user, principal } = await member();
    const other = await sessionPrincipal(testDb(), user);
    const before = (await testDb().user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash;
    const me = callerFor(testDb(), principal);
    const wrong = await errorOf(
      me.account.changePassword({ currentPassword: "not it at all", newPassword: NEW_PASSWORD }),
    );
    expect(wrong).toMatchObject({ code: "BAD_REQUEST" });
    expect(wrong.fields?.currentPassword).toEqual([accountMessages.currentPasswordWrong]);
    const common = await errorOf(
      me.account.changePassword({ currentPassword: PASSWORD, newPassword: "password123" }),
    );
    expect(common.fields?.newPassword).toEqual([authMessages.passwordCommon]);
    // The same rules as registration: not guessable, and not containing the username.
    const guessable = await errorOf(
      me.account.changePassword({ currentPassword: PASSWORD, newPassword: "abcabcabcabc" }),
    );
    expect(guessable.fields?.newPassword).toEqual([authMessages.passwordWeak]);
    const named = await errorOf(
      me.account.changePassword({
        currentPassword: PASSWORD,
        newPassword: `violet anchor ${user.username} mumble tram`,
      }),
    );
    expect(named.fields?.newPassword).toEqual([authMessages.passwordContainsUsername]);
    expect((await testDb().user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(
      before,
    );
    expect(await isLive(user.id, other)).toBe(true);
  });
});

describe("account.sessions", () => {
  it("account: lists own sessions with the current one marked; ending one and all others works; another user's id is NOT_FOUND", async () => {
    const { user, principal } = await member();
    const second = await sessionPrincipal(testDb(), user);
    const third = await sessionPrincipal(testDb(), user);
    const stranger = await member();
    const me = callerFor(testDb(), principal);

    const list = await me.account.sessions.list();
    expect(list.map((s) => s.id).sort()).toEqual(
      [principal, second, third].map(sessionIdOf).sort(),
    );
    expect(list.filter((s) => s.current).map((s) => s.id)).toEqual([sessionIdOf(principal)]);
    expect(Object.keys(list[0]!).sort()).toEqual(
      ["createdAt", "current", "id", "ip", "lastSeenAt", "userAgent"].sort(),
    );

    const foreign = await errorOf(
      me.account.sessions.revoke({ id: sessionIdOf(stranger.principal) }),
    );
    expect(foreign).toMatchObject({ code: "NOT_FOUND", message: accountMessages.sessionNotFound });
    expect(await isLive(stranger.user.id, stranger.principal)).toBe(true);

    await me.account.sessions.revoke({ id: sessionIdOf(second) });
    expect(await isLive(user.id, second)).toBe(false);
    await me.account.sessions.revokeOthers();
    expect(await isLive(user.id, third)).toBe(false);
    expect(await isLive(user.id, principal)).toBe(true);
    expect(await isLive(stranger.user.id, stranger.principal)).toBe(true);
  });

  it("account: lastSeenAt, address and browser are written at most once a minute per session", async () => {
    const { user, principal } = await member();
    const ref = { userId: user.id, sessionId: sessionIdOf(principal) };
    const seen = (ip: string) => ({ ip, userAgent: "TestBrowser/1.0" });
    await authenticate(testDb(), {
      authorization: null,
      session: ref,
      seenFrom: seen("198.51.100.1"),
    });
    const first = await testDb().session.findUniqueOrThrow({ where: { id: ref.sessionId } });
    expect(first).toMatchObject({ ip: "198.51.100.1", userAgent: "TestBrowser/1.0" });
    // Within the minute: no write, even from elsewhere.
    await authenticate(testDb(), {
      authorization: null,
      session: ref,
      seenFrom: seen("198.51.100.2"),
    });
    const again = await testDb().session.findUniqueOrThrow({ where: { id: ref.sessionId } });
    expect(again.ip).toBe("198.51.100.1");
    expect(again.lastSeenAt).toEqual(first.lastSeenAt);
    // A minute later (the row aged in the database, not the test waiting): written.
    await testDb().session.update({
      where: { id: ref.sessionId },
      data: { lastSeenAt: new Date(Date.now() - 61_000) },
    });
    await authenticate(testDb(), {
      authorization: null,
      session: ref,
      seenFrom: seen("198.51.100.3"),
    });
    const later = await testDb().session.findUniqueOrThrow({ where: { id: ref.sessionId } });
    expect(later.ip).toBe("198.51.100.3");
    expect(later.lastSeenAt.getTime()).toBeGreaterThan(Date.now() - 10_000);
  });
});

describe("account.setEmail and auth.verifyEmail", () => {
  it("account: the verification mail arrives, its link works once, and only then is the email verified", async () => {
    const { user, principal } = await member();
    const me = callerFor(testDb(), principal);
    const address = `${user.username}@Example.com`;
    await me.account.setEmail({ email: address });
    expect(await me.account.get()).toMatchObject({ email: address, emailVerified: false });
    const received = await mail().waitFor(address);
    expect(received.subject).toMatch(/confirm/i);
    const link = new URL(mail().linkIn(received));
    expect(link.pathname).toBe("/verify-email");
    const token = new URLSearchParams(link.hash.slice(1)).get("token")!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Only the hash is stored.
    expect(JSON.stringify(await testDb().oneTimeToken.findMany())).not.toContain(token);

    const anonymous = callerFor(testDb(), null);
    await anonymous.auth.verifyEmail({ token });
    expect(await me.account.get()).toMatchObject({ email: address, emailVerified: true });
    expect((await testDb().user.findUniqueOrThrow({ where: { id: user.id } })).emailKey).toBe(
      address.toLowerCase(),
    );
    const reused = await errorOf(anonymous.auth.verifyEmail({ token }));
    expect(reused.fields?.token).toEqual([accountMessages.linkInvalid]);
    await flushBackgroundWork();
    expect(
      await testDb().auditEvent.count({
        where: {
          target: user.id,
          action: { in: ["account.email.change", "account.email.verify"] },
        },
      }),
    ).toBe(2);
  });

  it("account: a verified email is unique case-insensitively; a link for an address changed since confirms nothing", async () => {
    const first = await member();
    const second = await member();
    const shared = `shared_${first.user.username}@example.com`;
    await callerFor(testDb(), first.principal).account.setEmail({ email: shared });
    const firstToken = new URLSearchParams(
      new URL(mail().linkIn(await mail().waitFor(shared))).hash.slice(1),
    ).get("token")!;
    await callerFor(testDb(), null).auth.verifyEmail({ token: firstToken });

    const secondMe = callerFor(testDb(), second.principal);
    await secondMe.account.setEmail({ email: shared.toUpperCase() });
    const secondToken = new URLSearchParams(
      new URL(mail().linkIn(await mail().waitFor(shared))).hash.slice(1),
    ).get("token")!;
    expect(
      await errorOf(callerFor(testDb(), null).auth.verifyEmail({ token: secondToken })),
    ).toMatchObject({
      code: "CONFLICT",
      message: accountMessages.emailTaken,
    });
    expect((await secondMe.account.get()).emailVerified).toBe(false);

    // A stale link: the address was changed after it was sent.
    await secondMe.account.setEmail({ email: `a_${second.user.username}@example.com` });
    const stale = new URLSearchParams(
      new URL(
        mail().linkIn(await mail().waitFor(`a_${second.user.username}@example.com`)),
      ).hash.slice(1),
    ).get("token")!;
    await testDb().user.update({
      where: { id: second.user.id },
      data: { email: `b_${second.user.username}@example.com` },
    });
    const error = await errorOf(callerFor(testDb(), null).auth.verifyEmail({ token: stale }));
    expect(error.fields?.token).toEqual([accountMessages.linkInvalid]);
    expect((await secondMe.account.get()).emailVerified).toBe(false);
  });
});

describe("account.export", () => {
  it("account: the export holds exactly the user's data and no hash or secret", async () => {
    const { user, principal } = await member();
    const other = await member();
    await testDb().task.create({
      data: {
        title: "Mine to export",
        ownerId: user.id,
        labels: {
          create: {
            label: { create: { ownerId: user.id, name: "Home", nameKey: "home" } },
          },
        },
      },
    });
    await testDb().label.create({
      data: { ownerId: other.user.id, name: "Theirs", nameKey: "theirs" },
    });
    const foreign = await testDb().task.create({
      data: { title: "Someone elses", ownerId: other.user.id },
    });
    await tokenPrincipal(testDb(), user, ["tasks:read"]);
    await tokenPrincipal(testDb(), other.user, ["tasks:read"]);
    const data = await callerFor(testDb(), principal).account.export();
    expect(data.account).toMatchObject({ id: user.id, username: user.username });
    expect(data.tasks.map((t) => [t.title, t.labels])).toEqual([["Mine to export", ["Home"]]]);
    expect(data.labels.map((l) => l.name)).toEqual(["Home"]);
    expect(data.tokens).toHaveLength(1);
    const text = JSON.stringify(data);
    expect(text).not.toContain(foreign.id);
    expect(text).not.toContain(other.user.id);
    for (const secret of ["tokenHash", "passwordHash", "emailKey", "$argon2"])
      expect(text).not.toContain(secret);
    await flushBackgroundWork();
    const again = await callerFor(testDb(), principal).account.export();
    expect(again.auditEvents.map((e) => e.action)).toContain("account.export");
  });
});

describe("account.delete", () => {
  it("account: delete needs the password, removes every row the user owned, and their sessions and tokens stop at once", async () => {
    const { user, principal } = await member();
    const token = await issueApiToken(testDb(), user.id, {
      name: "script",
      scopes: ["tasks:read"],
      expiresInDays: 1,
    });
    const bearer = { authorization: `Bearer ${token.secret}`, session: null };
    expect((await authenticate(testDb(), bearer)).principal?.user.id).toBe(user.id);
    const bystander = await member();
    await testDb().task.createMany({
      data: [
        { title: "Goes away", ownerId: user.id },
        { title: "Stays here", ownerId: bystander.user.id },
      ],
    });
    await testDb().account.create({
      data: { userId: user.id, provider: "oidc", providerAccountId: `sub-${user.id}` },
    });
    await testDb().oneTimeToken.create({
      data: {
        userId: user.id,
        purpose: "password-reset",
        tokenHash: `h-${user.id}`,
        expiresAt: new Date(Date.now() + 60_000),
      },
    });
    const me = callerFor(testDb(), principal);
    await me.account.setEmail({ email: `${user.username}@example.com` });
    await flushBackgroundWork();
    await flushBackgroundWork();

    const wrong = await errorOf(me.account.delete({ password: "not the password" }));
    expect(wrong.fields?.password).toEqual([accountMessages.passwordWrong]);
    expect(await testDb().user.count({ where: { id: user.id } })).toBe(1);

    await me.account.delete({ password: PASSWORD });
    await flushBackgroundWork();
    const where = { where: { userId: user.id } };
    expect(await testDb().user.count({ where: { id: user.id } })).toBe(0);
    expect(await testDb().task.count({ where: { ownerId: user.id } })).toBe(0);
    expect(await testDb().apiToken.count({ where: { ownerId: user.id } })).toBe(0);
    expect(await testDb().session.count(where)).toBe(0);
    expect(await testDb().account.count(where)).toBe(0);
    expect(await testDb().oneTimeToken.count(where)).toBe(0);
    expect(await testDb().auditEvent.count({ where: { actorId: user.id } })).toBe(0);
    // The audit trail stays, without an actor.
    expect(
      await testDb().auditEvent.count({
        where: { target: user.id, action: "account.delete", actorId: null },
      }),
    ).toBe(1);
    expect(
      await testDb().auditEvent.count({ where: { target: user.id, actorId: null } }),
    ).toBeGreaterThan(1);
    expect(await testDb().task.count({ where: { ownerId: bystander.user.id } })).toBe(1);

    expect(await isLive(user.id, principal)).toBe(false);
    expect(await authenticate(testDb(), bearer)).toMatchObject({ principal: null });
    expect((await authenticate(testDb(), bearer)).rejected).toBeTruthy();
  });

  it("account: the last active admin cannot delete themselves", async () => {
    const { createTestDatabase } = await import("@taskfort/db/testing");
    const own = await createTestDatabase();
    try {
      const admin = await signedInUser(own.db, { role: "ADMIN" });
      await own.db.user.update({
        where: { id: admin.user.id },
        data: { passwordHash: await hashPassword(PASSWORD) },
      });
      const error = await errorOf(
        callerFor(own.db, admin.principal).account.delete({ password: PASSWORD }),
      );
      expect(error).toMatchObject({ code: "CONFLICT", message: accountMessages.lastAdmin });
      expect(await own.db.user.count({ where: { id: admin.user.id } })).toBe(1);
    } finally {
      await flushBackgroundWork();
      await own.drop();
    }
  });
});
