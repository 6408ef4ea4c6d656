// Security events: one helper writes the AuditEvent row admins read and the JSON log
// line operators read. It never fails or delays the request it describes: the write
// runs in the background and a failure is logged, not thrown (losing an audit row is
// bad; refusing a sign-in because the audit table is slow would be worse).
import type { Db, Prisma } from "@taskfort/db";
import type { AuditAction, AuthUser } from "./principal";
import { runInBackground } from "./background";
import { getEnv } from "@taskfort/config/env";
import { AUDIT_AGGREGATE_MAX_KEYS, AUDIT_AGGREGATE_WINDOW_MS } from "./limits";
import { getLogger } from "./logger";
import { countSecurityEvent } from "./metrics";

/** One of AUDIT_ACTIONS (schemas/audit.ts), the one list. */
export type SecurityAction = AuditAction;

export interface SecurityEventDetails {
  /** Who did it; defaults to the signed-in user (null when anonymous). */
  actorId?: string | null;
  /** What it was done to (a user id, a token id). */
  target?: string | null;
  /** Extra facts; never passwords or token secrets (the logger redacts those keys anyway). */
  meta?: Record<string, string | number | boolean | null | string[]>;
}

/** What an event needs to know of its request (a procedure's Context satisfies it). */
export interface EventContext {
  db: Db;
  ip: string;
  requestId: string;
  user: AuthUser | null;
}

/**
 * Anonymous refusals an attacker can repeat at will: thousands of identical rows a day per
 * address would bury everything else. They are stored once per action, address and window
 * (AUDIT_AGGREGATE_WINDOW_MS), counting repeats; every one still gets its log line.
 */
export const AUDIT_AGGREGATED_ACTIONS = [
  "authz.denied",
  "csrf.blocked",
] as const satisfies readonly SecurityAction[];
const aggregated: ReadonlySet<SecurityAction> = new Set(AUDIT_AGGREGATED_ACTIONS);

/** window|action|ip → the id of that window's row (null until written, or if the write failed). */
const aggregateRows = new Map<string, Promise<string | null>>();

function aggregateKey(action: SecurityAction, ip: string, now: number): string {
  return `${Math.floor(now / AUDIT_AGGREGATE_WINDOW_MS)}|${action}|${ip}`;
}

export function recordSecurityEvent(
  ctx: EventContext,
  action: SecurityAction,
  details: SecurityEventDetails = {},
): void {
  countSecurityEvent(action);
  const actorId = details.actorId === undefined ? (ctx.user?.id ?? null) : details.actorId;
  const row = {
    action,
    actorId,
    target: details.target ?? null,
    ip: ctx.ip,
    requestId: ctx.requestId,
    meta: (details.meta ?? undefined) as Prisma.InputJsonValue | undefined,
  };
  const log = getLogger();
  try {
    log.info(
      {
        event: action,
        actorId,
        target: row.target,
        ip: row.ip,
        requestId: row.requestId,
        meta: details.meta,
      },
      action,
    );
  } catch {
    // A broken log stream must not break the request either.
  }
  const write = () => ctx.db.auditEvent.create({ data: row, select: { id: true } });
  if (actorId !== null || !aggregated.has(action)) {
    runInBackground("audit write", ctx.requestId, write);
    return;
  }
  const key = aggregateKey(action, ctx.ip, Date.now());
  const first = aggregateRows.get(key);
  if (first) {
    runInBackground("audit repeat", ctx.requestId, async () => {
      const id = await first;
      // Atomic in the database: concurrent repeats (and other instances' rows) never lose a count.
      if (id)
        await ctx.db
          .$executeRaw`UPDATE "AuditEvent" SET meta = jsonb_set(COALESCE(meta, '{}'::jsonb), '{repeats}', to_jsonb(COALESCE((meta->>'repeats')::int, 0) + 1)) WHERE id = ${id}`;
    });
    return;
  }
  if (aggregateRows.size >= AUDIT_AGGREGATE_MAX_KEYS) aggregateRows.clear();
  const created = write().then(
    (r) => r.id,
    (error: unknown) => {
      aggregateRows.delete(key);
      throw error;
    },
  );
  aggregateRows.set(
    key,
    created.catch(() => null),
  );
  runInBackground("audit write", ctx.requestId, () => created);
}

/** Deletes audit events older than AUDIT_RETENTION_DAYS; returns how many went. */
export async function purgeOldAuditEvents(
  db: Db,
  now: Date = new Date(),
  retentionDays: number = getEnv().AUDIT_RETENTION_DAYS,
): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 24 * 60 * 60 * 1000);
  const { count } = await db.auditEvent.deleteMany({ where: { createdAt: { lt: cutoff } } });
  return count;
}
