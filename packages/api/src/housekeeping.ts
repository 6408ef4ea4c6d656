// Periodic clean-up, run by every server process (apps/web's instrumentation-node.ts starts it):
// trash older than TRASH_RETENTION_DAYS is deleted for every user, and audit events older than
// AUDIT_RETENTION_DAYS, as docs/api.md promises.
// Listing the trash already purges the caller's own expired tasks; this catches the users who
// never open it. The delete is idempotent, so several processes (WEB_CONCURRENCY, serverless
// instances) running it at once is harmless.
import type { Db } from "@taskfort/db";
import { purgeOldAuditEvents } from "./audit";
import { getLogger } from "./logger";
import { purgeExpiredTrash } from "./routers/task/purge-trash";

/** Hourly: one indexed delete is cheap, and a task then leaves at most an hour after its 30 days. */
export const HOUSEKEEPING_INTERVAL_MS = 60 * 60 * 1000;

export interface HousekeepingResult {
  trashPurged: number;
  auditPurged: number;
}

/** One round of clean-up at `now`. */
export async function runHousekeeping(db: Db, now: Date = new Date()): Promise<HousekeepingResult> {
  return {
    trashPurged: await purgeExpiredTrash(db, now),
    auditPurged: await purgeOldAuditEvents(db, now),
  };
}

export interface Housekeeping {
  stop(): void;
  /** Resolves once the round in progress (if any) has finished; for tests and shutdown. */
  idle(): Promise<void>;
}

/**
 * Runs a round now (a server restarted more often than the interval still cleans up) and then
 * every `intervalMs`. Rounds never overlap, and a failure is logged, never thrown: clean-up
 * must not take the server down. The timer is unref'd, so it never keeps a process alive.
 */
export function startHousekeeping(
  db: Db,
  {
    intervalMs = HOUSEKEEPING_INTERVAL_MS,
    now = () => new Date(),
    onRound,
  }: {
    intervalMs?: number;
    now?: () => Date;
    /** Called after each successful round (tests count rounds with it). */
    onRound?: (result: HousekeepingResult) => void;
  } = {},
): Housekeeping {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const round = () => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        const result = await runHousekeeping(db, now());
        if (result.trashPurged > 0)
          getLogger().info(
            { event: "housekeeping.trash.purged", count: result.trashPurged },
            "expired trash purged",
          );
        if (result.auditPurged > 0)
          getLogger().info(
            { event: "housekeeping.audit.purged", count: result.auditPurged },
            "old audit events deleted",
          );
        onRound?.(result);
      } catch (error) {
        getLogger().error(
          {
            event: "housekeeping.failed",
            err: error instanceof Error ? error.message : String(error),
          },
          "housekeeping failed",
        );
      }
    });
  };
  round();
  const timer = setInterval(round, intervalMs);
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
    idle: () => running,
  };
}

// The process's one housekeeping, on globalThis: Next's bundles and the server that hosts
// them may each load this module, and register() may run again on dev reloads.
const globalForHousekeeping = globalThis as unknown as { taskfortHousekeeping?: Housekeeping };

/** Starts this process's housekeeping unless it is already running (instrumentation-node.ts). */
export function startProcessHousekeeping(db: Db): void {
  globalForHousekeeping.taskfortHousekeeping ??= startHousekeeping(db);
}

/** Stops it and waits for a round in progress: graceful shutdown calls this before closing the pool. */
export async function stopProcessHousekeeping(): Promise<void> {
  const running = globalForHousekeeping.taskfortHousekeeping;
  if (!running) return;
  running.stop();
  await running.idle();
  globalForHousekeeping.taskfortHousekeeping = undefined;
}
