import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../test/db";
import { createContextInner } from "../context";
import { createMemoryRateLimiter } from "../ratelimit";
import { createCaller } from "../index";
import { createUser } from "../test/principals";
import { errorOf } from "../test/trpc";
import { generateTokenSecret, issueApiToken } from "./api-token";
import { authenticate, LAST_USED_RESOLUTION_MS, TOKEN_REJECTED_MESSAGE } from "./authenticate";

const testDb = useTestDatabase();

/** A caller built the way createContext builds one for an HTTP request. */
async function callerFromRequest(input: {
  authorization?: string | null;
  session?: { userId: string; sessionId: string } | null;
}) {
  const { principal, rejected } = await authenticate(testDb(), {
    authorization: input.authorization ?? null,
    session: input.session ?? null,
  });
  return createCaller(
    createContextInner({
      db: testDb(),
      principal,
      authRejected: rejected,
      limiter: createMemoryRateLimiter(),
    }),
  );
}

async function tokenFor(
  userId: string,
  scopes: string[] = ["tasks:read", "tasks:write"],
  expiresInDays = 90,
) {
  return issueApiToken(testDb(), userId, { name: "t", scopes, expiresInDays });
}

describe("authenticate: API tokens", () => {
  it("tokens: Bearer and Token headers both resolve to the owner with the token's scopes", async () => {
    const user = await createUser(testDb());
    const token = await tokenFor(user.id, ["tasks:read"]);
    for (const header of [
      `Bearer ${token.secret}`,
      `Token ${token.secret}`,
      `bearer ${token.secret}`,
    ]) {
      const { principal, rejected } = await authenticate(testDb(), {
        authorization: header,
        session: null,
      });
      expect(rejected).toBeNull();
      expect(principal).toEqual({ kind: "token", user, tokenId: token.id, scopes: ["tasks:read"] });
    }
  });

  it("tokens: only the SHA-256 hash and a short prefix are stored", async () => {
    const user = await createUser(testDb());
    const token = await tokenFor(user.id);
    expect(token.secret).toMatch(/^tf_[A-Za-z0-9_-]{43}$/);
    const row = await testDb().apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.tokenHash).not.toContain(token.secret.slice(3));
    expect(token.secret.startsWith(row.prefix)).toBe(true);
    expect(row.prefix.length).toBeLessThan(12);
  });

  it("tokens: unknown, malformed and wrong-scheme credentials are UNAUTHORIZED, not anonymous, even on public procedures", async () => {
    const unknown = generateTokenSecret().secret;
    for (const header of [
      `Bearer ${unknown}`,
      "Bearer nonsense",
      "Bearer",
      "Basic dXNlcjpwYXNz",
      `Bearer ${unknown} extra`,
    ]) {
      const { principal, rejected } = await authenticate(testDb(), {
        authorization: header,
        session: null,
      });
      expect(principal).toBeNull();
      expect(rejected).toBe(TOKEN_REJECTED_MESSAGE);
      const caller = await callerFromRequest({ authorization: header });
      expect((await errorOf(caller.task.list({}))).code).toBe("UNAUTHORIZED");
      // auth.register is public; a bad token still stops the request before it runs.
      const error = await errorOf(
        caller.auth.register({
          username: `pub_${Date.now()}`,
          password: "a long and odd passphrase",
        }),
      );
      expect(error).toMatchObject({ code: "UNAUTHORIZED", httpStatus: 401 });
    }
    expect(await testDb().user.count({ where: { usernameKey: { startsWith: "pub_" } } })).toBe(0);
  });

  it("tokens: a revoked token is UNAUTHORIZED", async () => {
    const user = await createUser(testDb());
    const token = await tokenFor(user.id);
    await testDb().apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
    const caller = await callerFromRequest({ authorization: `Bearer ${token.secret}` });
    expect(await errorOf(caller.task.list({}))).toMatchObject({
      code: "UNAUTHORIZED",
      message: TOKEN_REJECTED_MESSAGE,
    });
  });

  it("tokens: an expired token is UNAUTHORIZED", async () => {
    const user = await createUser(testDb());
    const token = await tokenFor(user.id);
    await testDb().apiToken.update({
      where: { id: token.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const caller = await callerFromRequest({ authorization: `Bearer ${token.secret}` });
    expect((await errorOf(caller.task.list({}))).code).toBe("UNAUTHORIZED");
  });

  it("tokens: a disabled user's token is rejected on the very next request", async () => {
    const user = await createUser(testDb());
    const token = await tokenFor(user.id);
    const before = await callerFromRequest({ authorization: `Bearer ${token.secret}` });
    await expect(before.task.list({})).resolves.toMatchObject({ total: 0 });
    await testDb().user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    const after = await callerFromRequest({ authorization: `Bearer ${token.secret}` });
    expect((await errorOf(after.task.list({}))).code).toBe("UNAUTHORIZED");
  });

  it("tokens: a tasks:read token can read but cannot create, update or delete; the database is unchanged", async () => {
    const user = await createUser(testDb());
    const task = await testDb().task.create({
      data: { title: "Original title", ownerId: user.id },
      select: { id: true },
    });
    const token = await tokenFor(user.id, ["tasks:read"]);
    const caller = await callerFromRequest({ authorization: `Token ${token.secret}` });
    await expect(caller.task.get({ id: task.id })).resolves.toMatchObject({
      title: "Original title",
    });
    expect((await errorOf(caller.task.create({ title: "New task" }))).code).toBe("FORBIDDEN");
    expect(
      (await errorOf(caller.task.update({ id: task.id, data: { title: "Changed title" } }))).code,
    ).toBe("FORBIDDEN");
    expect((await errorOf(caller.task.delete({ id: task.id }))).code).toBe("FORBIDDEN");
    const rows = await testDb().task.findMany({
      where: { ownerId: user.id },
      select: { title: true },
    });
    expect(rows).toEqual([{ title: "Original title" }]);
  });

  it("tokens: a token cannot manage tokens or reach admin, whatever its scopes", async () => {
    const admin = await createUser(testDb(), { role: "ADMIN" });
    const token = await tokenFor(admin.id);
    const caller = await callerFromRequest({ authorization: `Bearer ${token.secret}` });
    expect(
      (await errorOf(caller.token.create({ name: "minted", scopes: ["tasks:write"] }))).code,
    ).toBe("FORBIDDEN");
    expect((await errorOf(caller.admin.users.list({}))).code).toBe("FORBIDDEN");
    expect(await testDb().apiToken.count({ where: { ownerId: admin.id } })).toBe(1);
  });

  it("tokens: lastUsedAt is written on first use and then at most once a minute", async () => {
    const user = await createUser(testDb());
    const token = await tokenFor(user.id);
    const lastUsed = async () =>
      (await testDb().apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await authenticate(testDb(), { authorization: `Bearer ${token.secret}`, session: null });
    const first = await lastUsed();
    expect(first).not.toBeNull();
    await authenticate(testDb(), { authorization: `Bearer ${token.secret}`, session: null });
    expect(await lastUsed()).toEqual(first);
    // Age it past the resolution: the next use writes again.
    const old = new Date(Date.now() - LAST_USED_RESOLUTION_MS - 1000);
    await testDb().apiToken.update({ where: { id: token.id }, data: { lastUsedAt: old } });
    await authenticate(testDb(), { authorization: `Bearer ${token.secret}`, session: null });
    expect((await lastUsed())!.getTime()).toBeGreaterThan(old.getTime() + 1000);
  });

  it("tokens: role is read from the database on every request", async () => {
    const user = await createUser(testDb(), { role: "ADMIN" });
    const token = await tokenFor(user.id);
    await testDb().user.update({ where: { id: user.id }, data: { role: "USER" } });
    const { principal } = await authenticate(testDb(), {
      authorization: `Bearer ${token.secret}`,
      session: null,
    });
    expect(principal?.user.role).toBe("USER");
  });
});

describe("authenticate: sessions", () => {
  async function sessionFor(userId: string, expiresInMs = 60_000) {
    const row = await testDb().session.create({
      data: { userId, expiresAt: new Date(Date.now() + expiresInMs) },
    });
    return { userId, sessionId: row.id };
  }

  it("sessions: a live session row resolves to its user", async () => {
    const user = await createUser(testDb());
    const ref = await sessionFor(user.id);
    const { principal } = await authenticate(testDb(), { authorization: null, session: ref });
    expect(principal).toEqual({ kind: "session", user, sessionId: ref.sessionId });
  });

  it("sessions: a deleted (signed-out) session is anonymous, so protected calls are UNAUTHORIZED", async () => {
    const user = await createUser(testDb());
    const ref = await sessionFor(user.id);
    await testDb().session.delete({ where: { id: ref.sessionId } });
    const caller = await callerFromRequest({ session: ref });
    expect((await errorOf(caller.task.list({}))).code).toBe("UNAUTHORIZED");
  });

  it("sessions: an expired session, or one claimed for another user, does not resolve", async () => {
    const user = await createUser(testDb());
    const other = await createUser(testDb());
    const expired = await sessionFor(user.id, -1000);
    expect(
      (await authenticate(testDb(), { authorization: null, session: expired })).principal,
    ).toBeNull();
    const live = await sessionFor(user.id);
    expect(
      (
        await authenticate(testDb(), {
          authorization: null,
          session: { userId: other.id, sessionId: live.sessionId },
        })
      ).principal,
    ).toBeNull();
  });

  it("sessions: a disabled user's session is rejected on the very next request", async () => {
    const user = await createUser(testDb());
    const ref = await sessionFor(user.id);
    await expect((await callerFromRequest({ session: ref })).task.list({})).resolves.toBeTruthy();
    await testDb().user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect((await errorOf((await callerFromRequest({ session: ref })).task.list({}))).code).toBe(
      "UNAUTHORIZED",
    );
  });
});
