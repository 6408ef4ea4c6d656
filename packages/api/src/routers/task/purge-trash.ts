// Trash older than TRASH_RETENTION_DAYS is deleted for good. Queries already ignore it
// (see trashCutoff); this removes the rows.
import type { Db } from "@taskfort/db";
import { trashCutoff } from "./task-shape";

/** Deletes expired trash (one owner's, or everyone's for the periodic job); returns how many tasks went. */
export async function purgeExpiredTrash(
  db: Db,
  now: Date = new Date(),
  ownerId?: string,
): Promise<number> {
  const { count } = await db.task.deleteMany({
    where: { ...(ownerId && { ownerId }), deletedAt: { lt: trashCutoff(now) } },
  });
  return count;
}
