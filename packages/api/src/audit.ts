// Security events: one helper writes the AuditEvent row admins read and the JSON log
// line operators read. It never fails or delays the request it describes: the write
// runs in the background and a failure is logged, not thrown (losing an audit row is
// bad; refusing a sign-in because the audit table is slow would be worse).
import type { Prisma } from "@taskfort/db";
import type { Context } from "./context";
import { getLogger } from "./logger";

export type SecurityAction =
  | "auth.register"
  | "auth.login.success"
  | "auth.login.failure"
  | "token.create"
  | "token.revoke"
  | "admin.user.update"
  | "authz.denied"
  | "csrf.blocked"
  | "ratelimit.blocked"
  | "auth.2fa.enable"
  | "auth.2fa.disable"
  | "auth.2fa.failure"
  | "auth.recovery.used"
  | "auth.recovery.regenerate"
  | "auth.passkey.add"
  | "auth.passkey.remove"
  | "auth.passkey.login"
  | "admin.user.2fa.reset"
  | "account.email.change"
  | "account.email.verify"
  | "auth.password.reset.request"
  | "auth.password.reset"
  | "auth.password.change"
  | "session.revoke"
  | "account.export"
  | "account.delete";

export interface SecurityEventDetails {
  /** Who did it; defaults to the signed-in user (null when anonymous). */
  actorId?: string | null;
  /** What it was done to (a user id, a token id). */
  target?: string | null;
  /** Extra facts; never passwords or token secrets (the logger redacts those keys anyway). */
  meta?: Record<string, string | number | boolean | null | string[]>;
}

type EventContext = Pick<Context, "db" | "ip" | "requestId" | "user">;

const pending = new Set<Promise<unknown>>();

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
  const write = ctx.db.auditEvent
    .create({ data: row, select: { id: true } })
    .catch((error: unknown) => {
      log.error(
        {
          event: "audit.write.failed",
          action,
          requestId: ctx.requestId,
          err: error instanceof Error ? error.message : String(error),
        },
        "audit write failed",
      );
    })
    .finally(() => pending.delete(write));
  pending.add(write);
}

/** Waits for background audit writes (tests, and graceful shutdown). */
export async function flushSecurityEvents(): Promise<void> {
  while (pending.size) await Promise.allSettled([...pending]);
}
