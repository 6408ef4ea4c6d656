// Housekeeping every server process runs once at start-up and then daily: audit events past
// AUDIT_RETENTION_DAYS are deleted. Idempotent, so several instances running it do no harm.
import type { Db } from "@taskfort/db";
import { purgeOldAuditEvents } from "./audit";
import { runInBackground } from "./background";
import { getLogger } from "./logger";

const DAY_MS = 24 * 60 * 60 * 1000;

export async function runMaintenance(db: Db, now: Date = new Date()): Promise<{ audit: number }> {
  const audit = await purgeOldAuditEvents(db, now);
  if (audit)
    getLogger().info(
      { event: "maintenance.audit.purged", count: audit },
      "old audit events deleted",
    );
  return { audit };
}

/** Runs maintenance now and every day; the timer never keeps the process alive. Returns a stop function. */
export function scheduleMaintenance(db: Db): () => void {
  const run = () => runInBackground("maintenance", "maintenance", () => runMaintenance(db));
  run();
  const timer = setInterval(run, DAY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
