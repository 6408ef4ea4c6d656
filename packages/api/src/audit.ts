// Security events: one helper writes the AuditEvent row admins read and the JSON log
// line operators read. It never fails or delays the request it describes: the write
// runs in the background and a failure is logged, not thrown (losing an audit row is
// bad; refusing a sign-in because the audit table is slow would be worse).
import type { Db, Prisma } from "@taskfort/db";
import type { AuditAction, AuthUser } from "./principal";
import { runInBackground } from "./background";
import { getLogger } from "./logger";

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

export function recordSecurityEvent(
  ctx: EventContext,
  action: SecurityAction,
  details: SecurityEventDetails = {},
): void {
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
  runInBackground("audit write", ctx.requestId, () =>
    ctx.db.auditEvent.create({ data: row, select: { id: true } }),
  );
}
