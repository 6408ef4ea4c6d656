import type { Db } from "@taskfort/db";
import {
  SECURITY_KINDS,
  SECURITY_OVERVIEW_HOURS,
  SECURITY_TOP_ADDRESSES,
  securityOverviewOutput,
  type SecurityCounts,
  type SecurityOverview,
} from "../../schemas/security";
import { AUDIT_AGGREGATED_ACTIONS } from "../../audit";
import { adminProcedure } from "../../trpc";

const HOUR_MS = 60 * 60 * 1000;
const ACTIONS = SECURITY_KINDS.map((k) => k.action);
const keyOf = new Map<string, keyof SecurityCounts>(SECURITY_KINDS.map((k) => [k.action, k.key]));

const zero = (): SecurityCounts => ({
  signInFailures: 0,
  rateLimited: 0,
  csrfBlocked: 0,
  authzDenied: 0,
});

// Each event counts 1, and an aggregated row (anonymous authz.denied and csrf.blocked, stored
// once per address and window, audit.ts) counts its meta.repeats on top. The two parts read
// the two partial indexes of migration 20261127200000_audit_overview: the rows themselves are
// counted from AuditEvent_overview_idx alone (index-only: time, action and address are its
// key), the repeats from the few rows in AuditEvent_overview_repeats_idx. The grouping is the
// database's. The actions are SQL literals (our own constants, never input): with parameters
// in their place the planner could not match the indexes' predicates.
const list = (actions: readonly string[]) => actions.map((a) => `'${a}'`).join(", ");
const WINDOW = `"createdAt" >= $1 AND "createdAt" < $2`;
const ROWS = `SELECT "createdAt", "action", "ip", 1 AS "n"
      FROM "AuditEvent" WHERE "action" IN (${list(ACTIONS)}) AND ${WINDOW}`;
const REPEATS = `SELECT "createdAt", "action", "ip", COALESCE(("meta"->>'repeats')::int, 0) AS "n"
      FROM "AuditEvent" WHERE "action" IN (${list(AUDIT_AGGREGATED_ACTIONS)}) AND "actorId" IS NULL AND ${WINDOW}`;

export function hourlyQuery(since: Date, until: Date) {
  return {
    sql: `SELECT date_trunc('hour', "createdAt") AS "hour", "action", SUM("n")::int AS "n"
      FROM (${ROWS} UNION ALL ${REPEATS}) AS "counted"
      GROUP BY 1, 2`,
    params: [since, until],
  };
}

export function topAddressesQuery(since: Date, until: Date) {
  const per = SECURITY_KINDS.map(
    (k) => `COALESCE(SUM("n") FILTER (WHERE "action" = '${k.action}'), 0)::int AS "${k.key}"`,
  );
  return {
    sql: `SELECT COALESCE("ip", 'unknown') AS "ip", SUM("n")::int AS "total", ${per.join(", ")}
      FROM (${ROWS} UNION ALL ${REPEATS}) AS "counted"
      GROUP BY 1 ORDER BY "total" DESC, 1 LIMIT ${SECURITY_TOP_ADDRESSES}`,
    params: [since, until],
  };
}

/** The overview's window: the current UTC hour and the 167 before it. */
export function overviewWindow(now: Date): { since: Date; until: Date } {
  const currentHour = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  return {
    since: new Date(currentHour - (SECURITY_OVERVIEW_HOURS - 1) * HOUR_MS),
    until: new Date(currentHour + HOUR_MS),
  };
}

export async function readSecurityOverview(db: Db, now = new Date()): Promise<SecurityOverview> {
  const { since, until } = overviewWindow(now);
  const hourly = hourlyQuery(since, until);
  const top = topAddressesQuery(since, until);
  const [hourRows, addressRows] = await Promise.all([
    db.$queryRawUnsafe<{ hour: Date; action: string; n: number }[]>(hourly.sql, ...hourly.params),
    db.$queryRawUnsafe<(SecurityCounts & { ip: string; total: number })[]>(top.sql, ...top.params),
  ]);
  const hours = Array.from({ length: SECURITY_OVERVIEW_HOURS }, (_, i) => ({
    start: new Date(since.getTime() + i * HOUR_MS).toISOString(),
    ...zero(),
  }));
  for (const row of hourRows) {
    const index = Math.round((row.hour.getTime() - since.getTime()) / HOUR_MS);
    const key = keyOf.get(row.action);
    const hour = hours[index];
    if (hour && key) hour[key] += row.n;
  }
  return {
    generatedAt: now.toISOString(),
    hours,
    topAddresses: addressRows.map((r) => ({
      ip: r.ip,
      total: r.total,
      signInFailures: r.signInFailures,
      rateLimited: r.rateLimited,
      csrfBlocked: r.csrfBlocked,
      authzDenied: r.authzDenied,
    })),
  };
}

export const getSecurityOverview = adminProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/admin/security",
      tags: ["admin"],
      summary:
        "Security overview: sign-in failures, 429s, CSRF blocks and authorization denials per hour over 7 days, and the top source addresses",
    },
  })
  .output(securityOverviewOutput)
  .query(({ ctx }) => readSecurityOverview(ctx.db));
