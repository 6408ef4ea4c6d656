import type { Db } from "@taskfort/db";
import {
  SECURITY_KINDS,
  SECURITY_OVERVIEW_HOURS,
  SECURITY_TOP_ADDRESSES,
  securityOverviewOutput,
  type SecurityCounts,
  type SecurityOverview,
} from "../../schemas/security";
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

// Anonymous authz.denied and csrf.blocked are stored as one row per address and window with
// meta.repeats counting the rest (audit.ts): a row weighs 1 + repeats. Both queries read the
// 7-day slice of AuditEvent_overview_idx (migration 20261127200000_audit_overview, partial on
// exactly these actions); the grouping is the database's. The actions are written into the SQL
// as literals (our own constants, never input): with parameters in their place the planner
// could not match the index's predicate when it plans once for all values.
const WEIGHT = `1 + COALESCE(("meta"->>'repeats')::int, 0)`;
const IN_OVERVIEW = `"action" IN (${ACTIONS.map((a) => `'${a}'`).join(", ")})`;
const WINDOW = `"createdAt" >= $1 AND "createdAt" < $2`;

export function hourlyQuery(since: Date, until: Date) {
  return {
    sql: `SELECT date_trunc('hour', "createdAt") AS "hour", "action", SUM(${WEIGHT})::int AS "n"
      FROM "AuditEvent" WHERE ${IN_OVERVIEW} AND ${WINDOW}
      GROUP BY 1, 2`,
    params: [since, until],
  };
}

export function topAddressesQuery(since: Date, until: Date) {
  const per = SECURITY_KINDS.map(
    (k) => `COALESCE(SUM(${WEIGHT}) FILTER (WHERE "action" = '${k.action}'), 0)::int AS "${k.key}"`,
  );
  return {
    sql: `SELECT COALESCE("ip", 'unknown') AS "ip", SUM(${WEIGHT})::int AS "total", ${per.join(", ")}
      FROM "AuditEvent" WHERE ${IN_OVERVIEW} AND ${WINDOW}
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
