import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../test/db";
import { recordSecurityEvent } from "../../audit";
import { flushBackgroundWork } from "../../background";
import { authenticate } from "../../auth/authenticate";
import { createContextInner } from "../../context";
import { ensureAdminFromEnv } from "../../seed-admin";
import { createUser, signedInUser, tokenPrincipal } from "../../test/principals";
import { callerFor, errorOf } from "../../test/trpc";
import { LAST_ADMIN_MESSAGE } from "./update-user";

const testDb = useTestDatabase();

describe("admin procedures: who may call them", () => {
  it("admin: anonymous is UNAUTHORIZED, a non-admin (session or token) is FORBIDDEN, an admin succeeds; nothing changes for the refused", async () => {
    const admin = await signedInUser(testDb(), { role: "ADMIN" });
    const plain = await signedInUser(testDb());
    const victim = await createUser(testDb());
    const plainToken = await tokenPrincipal(testDb(), plain.user, ["tasks:read", "tasks:write"]);
    const adminToken = await tokenPrincipal(testDb(), admin.user, ["tasks:read", "tasks:write"]);
    const calls = (principal: Parameters<typeof callerFor>[1]) => {
      const c = callerFor(testDb(), principal);
      return [
        () => c.admin.users.list({}),
        () => c.admin.users.update({ id: victim.id, role: "ADMIN", disabled: true }),
        () => c.admin.audit.list({}),
      ];
    };
    for (const call of calls(null)) expect((await errorOf(call())).code).toBe("UNAUTHORIZED");
    for (const principal of [plain.principal, plainToken, adminToken]) {
      for (const call of calls(principal)) expect((await errorOf(call())).code).toBe("FORBIDDEN");
    }
    expect(
      await testDb().user.findUniqueOrThrow({
        where: { id: victim.id },
        select: { role: true, disabledAt: true },
      }),
    ).toEqual({ role: "USER", disabledAt: null });
    const [list, , audit] = calls(admin.principal);
    await expect(list!()).resolves.toMatchObject({ page: 1 });
    await expect(audit!()).resolves.toMatchObject({ page: 1 });
  });
});

describe("admin.users", () => {
  it("admin: users.list pages, searches case-insensitively and counts tasks", async () => {
    const admin = await signedInUser(testDb(), { role: "ADMIN" });
    const owner = await createUser(testDb(), { username: "Searchable_Owner" });
    await testDb().task.createMany({
      data: [1, 2, 3].map((i) => ({ title: `Task ${i}`, ownerId: owner.id })),
    });
    const me = callerFor(testDb(), admin.principal);
    const found = await me.admin.users.list({ search: "searchable_OWNER" });
    expect(found.items).toEqual([
      expect.objectContaining({
        id: owner.id,
        username: "Searchable_Owner",
        taskCount: 3,
        disabled: false,
        role: "USER",
      }),
    ]);
    expect(found.total).toBe(1);
    const total = await testDb().user.count();
    const page = await me.admin.users.list({ page: 2, pageSize: 1 });
    expect(page).toMatchObject({ page: 2, pageSize: 1, total, totalPages: total });
    expect(page.items).toHaveLength(1);
    expect(JSON.stringify(page)).not.toContain("passwordHash");
  });

  it("admin: promoting and disabling a user takes effect on that user's very next request and is audited", async () => {
    const admin = await signedInUser(testDb(), { role: "ADMIN" });
    const target = await signedInUser(testDb());
    const me = callerFor(testDb(), admin.principal);
    const ref = {
      userId: target.user.id,
      sessionId: (target.principal as { sessionId: string }).sessionId,
    };

    await me.admin.users.update({ id: target.user.id, role: "ADMIN" });
    expect(
      (await authenticate(testDb(), { authorization: null, session: ref })).principal?.user.role,
    ).toBe("ADMIN");

    const updated = await me.admin.users.update({ id: target.user.id, disabled: true });
    expect(updated).toMatchObject({ disabled: true, role: "ADMIN" });
    expect(
      (await authenticate(testDb(), { authorization: null, session: ref })).principal,
    ).toBeNull();
    // Disabling ends their sessions outright, so re-enabling does not revive an old cookie.
    expect(await testDb().session.count({ where: { userId: target.user.id } })).toBe(0);
    await me.admin.users.update({ id: target.user.id, disabled: false });
    expect(
      (await testDb().user.findUniqueOrThrow({ where: { id: target.user.id } })).disabledAt,
    ).toBeNull();

    await flushBackgroundWork();
    const events = await me.admin.audit.list({
      action: "admin.user.update",
      userId: target.user.id,
    });
    expect(events.total).toBe(3);
    expect(events.items[0]).toMatchObject({
      actorId: admin.user.id,
      actorUsername: admin.user.username,
      target: target.user.id,
      targetUsername: target.user.username,
    });
  });

  it("admin: an unknown user id is NOT_FOUND", async () => {
    const admin = await signedInUser(testDb(), { role: "ADMIN" });
    expect(
      (
        await errorOf(
          callerFor(testDb(), admin.principal).admin.users.update({ id: "nope", role: "ADMIN" }),
        )
      ).code,
    ).toBe("NOT_FOUND");
  });

  it("admin: nobody can demote or disable the last active admin", async () => {
    // A database of its own, so the other tests' admins do not count.
    const { createTestDatabase: fresh } = await import("@taskfort/db/testing");
    const own = await fresh();
    try {
      const solo = await signedInUser(own.db, { role: "ADMIN" });
      const me = callerFor(own.db, solo.principal);
      expect(
        await errorOf(me.admin.users.update({ id: solo.user.id, role: "USER" })),
      ).toMatchObject({ code: "CONFLICT", message: LAST_ADMIN_MESSAGE });
      expect(
        await errorOf(me.admin.users.update({ id: solo.user.id, disabled: true })),
      ).toMatchObject({ code: "BAD_REQUEST" });
      expect(
        await own.db.user.findUniqueOrThrow({
          where: { id: solo.user.id },
          select: { role: true, disabledAt: true },
        }),
      ).toEqual({ role: "ADMIN", disabledAt: null });

      // With a second admin, one may step down; then the remaining one is protected again.
      const second = await signedInUser(own.db, { role: "ADMIN" });
      await me.admin.users.update({ id: solo.user.id, role: "USER" });
      const asSecond = callerFor(own.db, second.principal);
      expect(
        (await errorOf(asSecond.admin.users.update({ id: second.user.id, role: "USER" }))).code,
      ).toBe("CONFLICT");
      // A disabled admin is not an active one.
      await asSecond.admin.users.update({ id: solo.user.id, role: "ADMIN", disabled: true });
      expect(
        (await errorOf(asSecond.admin.users.update({ id: second.user.id, role: "USER" }))).code,
      ).toBe("CONFLICT");
      expect((await own.db.user.findUniqueOrThrow({ where: { id: second.user.id } })).role).toBe(
        "ADMIN",
      );
    } finally {
      await own.drop();
    }
  });
});

describe("admin.audit", () => {
  it("admin: audit.list filters by action and by user (actor or target)", async () => {
    const admin = await signedInUser(testDb(), { role: "ADMIN" });
    const someone = await createUser(testDb());
    const ctx = createContextInner({
      db: testDb(),
      principal: null,
      ip: "203.0.113.7",
      requestId: "req-audit-test",
    });
    recordSecurityEvent(ctx, "auth.login.failure", {
      target: someone.id,
      meta: { reason: "bad-password" },
    });
    recordSecurityEvent(ctx, "token.create", { actorId: someone.id, target: "tok" });
    await flushBackgroundWork();
    const me = callerFor(testDb(), admin.principal);
    const byUser = await me.admin.audit.list({ userId: someone.id });
    expect(byUser.items.map((e) => e.action).sort()).toEqual([
      "auth.login.failure",
      "token.create",
    ]);
    expect(byUser.items[0]).toMatchObject({ ip: "203.0.113.7", requestId: "req-audit-test" });
    const byBoth = await me.admin.audit.list({ userId: someone.id, action: "token.create" });
    expect(byBoth.items).toHaveLength(1);
    expect(byBoth.items[0]).toMatchObject({ actorUsername: someone.username });
  });

  it("audit: a failing audit write is logged and never fails the caller", async () => {
    const ctx = createContextInner({ db: testDb(), principal: null });
    // An actor that does not exist violates the foreign key: the write fails in the background.
    expect(() =>
      recordSecurityEvent(ctx, "token.revoke", { actorId: "no-such-user" }),
    ).not.toThrow();
    await expect(flushBackgroundWork()).resolves.toBeUndefined();
    expect(await testDb().auditEvent.count({ where: { actorId: "no-such-user" } })).toBe(0);
  });
});

describe("ensureAdminFromEnv", () => {
  it("seed: two start-ups racing (Next's instrumentation hook and the server, or two workers) both succeed with one admin", async () => {
    const env = {
      ADMIN_USERNAME: `Race_${Date.now().toString(36)}`,
      ADMIN_PASSWORD: "a sturdy admin passphrase",
    };
    const results = await Promise.all([1, 2, 3].map(() => ensureAdminFromEnv(testDb(), env)));
    expect(results.map((r) => r.status).sort()).toEqual(["created", "exists", "exists"]);
    expect(
      await testDb().user.count({
        where: { usernameKey: env.ADMIN_USERNAME.toLowerCase(), role: "ADMIN" },
      }),
    ).toBe(1);
  });

  it("seed: creates the configured admin once, never promotes an existing non-admin, and rejects weak passwords", async () => {
    expect(await ensureAdminFromEnv(testDb(), {})).toEqual({ status: "not-configured" });
    const name = `Root_${Date.now().toString(36)}`;
    const created = await ensureAdminFromEnv(testDb(), {
      ADMIN_USERNAME: name,
      ADMIN_PASSWORD: "a sturdy admin passphrase",
    });
    expect(created.status).toBe("created");
    expect(
      (
        await ensureAdminFromEnv(testDb(), {
          ADMIN_USERNAME: name.toLowerCase(),
          ADMIN_PASSWORD: "whatever else 123",
        })
      ).status,
    ).toBe("exists");
    expect(
      await testDb().user.count({ where: { usernameKey: name.toLowerCase(), role: "ADMIN" } }),
    ).toBe(1);

    const squatter = await createUser(testDb(), { username: `squat_${Date.now().toString(36)}` });
    expect(
      (
        await ensureAdminFromEnv(testDb(), {
          ADMIN_USERNAME: squatter.username,
          ADMIN_PASSWORD: "a sturdy admin passphrase",
        })
      ).status,
    ).toBe("conflict");
    expect((await testDb().user.findUniqueOrThrow({ where: { id: squatter.id } })).role).toBe(
      "USER",
    );

    await expect(
      ensureAdminFromEnv(testDb(), {
        ADMIN_USERNAME: `weak_${Date.now().toString(36)}`,
        ADMIN_PASSWORD: "password1",
      }),
    ).rejects.toThrow(/too common/);
    // Registration's other rules too: not guessable, not containing the username.
    await expect(
      ensureAdminFromEnv(testDb(), {
        ADMIN_USERNAME: `weak_${Date.now().toString(36)}`,
        ADMIN_PASSWORD: "abcabcabcabc",
      }),
    ).rejects.toThrow(/too easy to guess/);
    const named = `named_${Date.now().toString(36)}`;
    await expect(
      ensureAdminFromEnv(testDb(), {
        ADMIN_USERNAME: named,
        ADMIN_PASSWORD: `violet anchor ${named} tram`,
      }),
    ).rejects.toThrow(/must not contain the username/);
  });
});
