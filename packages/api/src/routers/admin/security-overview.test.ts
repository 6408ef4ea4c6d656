import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { migrationsDir } from "@taskfort/db/migrate";
import { defaultTestDatabaseKind } from "@taskfort/db/testing";
import { SECURITY_KINDS } from "../../schemas/security";
import { AUDIT_AGGREGATED_ACTIONS, recordSecurityEvent } from "../../audit";
import { flushBackgroundWork } from "../../background";
import { signedInUser, tokenPrincipal } from "../../test/principals";
import { callerFor, errorOf } from "../../test/trpc";
import { useTestDatabase } from "../../test/db";
import {
  hourlyQuery,
  overviewWindow,
  readSecurityOverview,
  topAddressesQuery,
} from "./get-security-overview";

const testDb = useTestDatabase();
const HOUR = 60 * 60 * 1000;

describe("admin.security.get", () => {
  it("security overview: anonymous is UNAUTHORIZED; a non-admin session and any token are FORBIDDEN", async () => {
    const plain = await signedInUser(testDb());
    const admin = await signedInUser(testDb(), { role: "ADMIN" });
    const adminToken = await tokenPrincipal(testDb(), admin.user, ["tasks:read"]);
    expect((await errorOf(callerFor(testDb(), null).admin.security.get())).code).toBe(
      "UNAUTHORIZED",
    );
    for (const principal of [plain.principal, adminToken])
      expect((await errorOf(callerFor(testDb(), principal).admin.security.get())).code).toBe(
        "FORBIDDEN",
      );
    await expect(callerFor(testDb(), admin.principal).admin.security.get()).resolves.toMatchObject({
      hours: expect.any(Array),
    });
  });

  it("security overview: per-hour counts include aggregated repeats, skip other actions and events older than 7 days, and rank addresses", async () => {
    const db = testDb();
    // A fixed hour in the past, so events the other tests cause now stay outside the window.
    const now = new Date("2026-01-15T10:30:00Z");
    const ctx = (ip: string) => ({ db, ip, requestId: "test", user: null });
    // Five anonymous CSRF refusals from one address: one row with meta.repeats = 4.
    for (let i = 0; i < 5; i++) recordSecurityEvent(ctx("203.0.113.5"), "csrf.blocked");
    await flushBackgroundWork();
    await flushBackgroundWork();
    expect(await db.auditEvent.count({ where: { ip: "203.0.113.5" } })).toBe(1);
    await db.auditEvent.updateMany({ where: { ip: "203.0.113.5" }, data: { createdAt: now } });
    // Three sign-in failures from another address two hours ago, one 8 days ago, and events
    // the overview does not count.
    const twoHoursAgo = new Date(now.getTime() - 2 * HOUR);
    await db.auditEvent.createMany({
      data: [
        ...[1, 2, 3].map(() => ({
          action: "auth.login.failure",
          ip: "198.51.100.7",
          createdAt: twoHoursAgo,
        })),
        {
          action: "auth.login.failure",
          ip: "198.51.100.7",
          createdAt: new Date(now.getTime() - 8 * 24 * HOUR),
        },
        { action: "auth.login.success", ip: "198.51.100.7", createdAt: twoHoursAgo },
        { action: "ratelimit.blocked", ip: "192.0.2.1", createdAt: twoHoursAgo },
        // After the window (a clock ahead of ours): not counted either.
        {
          action: "auth.login.failure",
          ip: "192.0.2.1",
          createdAt: new Date(now.getTime() + HOUR),
        },
      ],
    });

    const overview = await readSecurityOverview(db, now);
    expect(overview.hours).toHaveLength(168);
    const current = overview.hours.at(-1)!;
    expect(new Date(current.start).getTime()).toBe(Math.floor(now.getTime() / HOUR) * HOUR);
    expect(current.csrfBlocked).toBe(5);
    const earlier = overview.hours.at(-3)!;
    expect(earlier).toMatchObject({ signInFailures: 3, rateLimited: 1, csrfBlocked: 0 });
    const sum = (key: "signInFailures" | "rateLimited" | "csrfBlocked" | "authzDenied") =>
      overview.hours.reduce((n, h) => n + h[key], 0);
    expect([
      sum("signInFailures"),
      sum("rateLimited"),
      sum("csrfBlocked"),
      sum("authzDenied"),
    ]).toEqual([3, 1, 5, 0]);
    expect(overview.topAddresses).toEqual([
      {
        ip: "203.0.113.5",
        total: 5,
        signInFailures: 0,
        rateLimited: 0,
        csrfBlocked: 5,
        authzDenied: 0,
      },
      {
        ip: "198.51.100.7",
        total: 3,
        signInFailures: 3,
        rateLimited: 0,
        csrfBlocked: 0,
        authzDenied: 0,
      },
      {
        ip: "192.0.2.1",
        total: 1,
        signInFailures: 0,
        rateLimited: 1,
        csrfBlocked: 0,
        authzDenied: 0,
      },
    ]);
  });

  // The plan that production's Postgres takes; PGlite (the development default) runs the same
  // migrations and every other test here, but 200,000 rows in its single WASM session take as long
  // as the rest of the file.
  it.skipIf(defaultTestDatabaseKind() !== "postgres")(
    "security overview: with 200,000 audit events over 180 days both queries count from an index alone, never a table scan",
    async () => {
      const db = testDb();
      // Mostly actions the overview does not count, as in a real log; one in ten it does.
      await db.$executeRawUnsafe(`
      INSERT INTO "AuditEvent" ("id", "createdAt", "action", "ip", "meta")
      SELECT 'bulk-' || g,
             (now() AT TIME ZONE 'UTC') - (g % (180 * 24 * 60)) * interval '1 minute',
             (ARRAY['auth.login.success', 'token.create', 'auth.login.failure', 'session.revoke',
                    'auth.register', 'account.export', 'ratelimit.blocked', 'token.revoke',
                    'admin.user.update', 'auth.2fa.enable', 'csrf.blocked', 'auth.password.change',
                    'authz.denied', 'auth.passkey.login', 'account.email.change', 'auth.recovery.used',
                    'auth.2fa.disable', 'session.revoke', 'token.create', 'auth.login.success',
                    'auth.login.success', 'auth.login.success', 'token.create', 'token.revoke',
                    'auth.register', 'auth.register', 'account.export', 'session.revoke',
                    'auth.login.success', 'auth.login.success', 'auth.login.success', 'token.create',
                    'token.create', 'auth.register', 'auth.register', 'session.revoke',
                    'auth.login.success', 'auth.login.success', 'auth.login.success', 'token.create'])[1 + g % 40],
             '10.0.' || (g % 200) || '.' || (g % 250),
             CASE WHEN g % 7 = 0 THEN '{"repeats": 2}'::jsonb END
      FROM generate_series(1, 200000) AS g`);
      // What autovacuum does to an insert-only table: the visibility map lets the planner count
      // from the index alone.
      await db.$executeRawUnsafe(`VACUUM ANALYZE "AuditEvent"`);
      const { since, until } = overviewWindow(new Date());
      for (const query of [hourlyQuery(since, until), topAddressesQuery(since, until)]) {
        const plan = await db.$queryRawUnsafe<Record<string, string>[]>(
          `EXPLAIN ${query.sql}`,
          ...query.params,
        );
        const text = plan.map((row) => Object.values(row).join("")).join("\n");
        // Which covering index the planner takes (the overview's, or the one on action and time)
        // depends on the statistics of the moment; either way no row of the table is read.
        expect(text, text).toMatch(/Index Only Scan using "AuditEvent_\w+_idx" on "AuditEvent"/);
        expect(text, text).toContain("AuditEvent_overview_repeats_idx");
        expect(text, text).not.toMatch(/Seq Scan on "AuditEvent"/);
        for (const line of text.split("\n").filter((l) => l.includes("Index")))
          console.info(`[security overview] ${line.trim()}`);
      }
      const overview = await readSecurityOverview(db);
      expect(overview.hours.reduce((n, h) => n + h.signInFailures, 0)).toBeGreaterThan(0);
    },
  );

  it("security overview: the indexes' predicates name exactly the overview's and the aggregated actions", () => {
    const sql = readFileSync(
      join(migrationsDir, "20261127200000_audit_overview", "migration.sql"),
      "utf8",
    );
    const lists = [...sql.matchAll(/"action" IN \(([^)]*)\)/g)].map((m) => m[1]!.match(/'[^']+'/g));
    expect(lists).toEqual([
      SECURITY_KINDS.map((k) => `'${k.action}'`),
      AUDIT_AGGREGATED_ACTIONS.map((a) => `'${a}'`),
    ]);
  });
});
