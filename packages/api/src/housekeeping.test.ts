// The scheduled clean-up on a real database: trash past its 30 days goes for every user without
// anyone opening the trash; younger trash and live tasks stay.
import { afterEach, describe, expect, it } from "vitest";
import { TRASH_RETENTION_DAYS } from "./schemas";
import { startHousekeeping, type Housekeeping } from "./housekeeping";
import { createUser, useTestDatabase } from "./test";

const DAY = 24 * 60 * 60 * 1000;

describe("housekeeping", () => {
  const db = useTestDatabase();
  let running: Housekeeping | undefined;
  afterEach(() => running?.stop());

  async function trashedTask(ownerId: string, title: string, daysAgo: number | null) {
    return db().task.create({
      data: {
        ownerId,
        title,
        deletedAt: daysAgo === null ? null : new Date(Date.now() - daysAgo * DAY),
      },
    });
  }

  it(`housekeeping: on start, trash older than ${TRASH_RETENTION_DAYS} days is purged for every user; younger trash and live tasks stay`, async () => {
    const alice = await createUser(db());
    const bob = await createUser(db());
    const old = await trashedTask(alice.id, "Deleted 31 days ago", 31);
    const young = await trashedTask(alice.id, "Deleted 29 days ago", 29);
    const live = await trashedTask(alice.id, "Not deleted", null);
    const bobsOld = await trashedTask(bob.id, "Bob deleted 40 days ago", 40);

    running = startHousekeeping(db(), { intervalMs: 60_000 });
    await running.idle();

    expect(await db().task.findUnique({ where: { id: old.id } })).toBeNull();
    expect(await db().task.findUnique({ where: { id: bobsOld.id } })).toBeNull();
    expect(await db().task.findUnique({ where: { id: young.id } })).not.toBeNull();
    expect(await db().task.findUnique({ where: { id: live.id } })).not.toBeNull();
  });

  it("housekeeping: it runs again on its interval, so trash that expires later goes too", async () => {
    const owner = await createUser(db());
    const young = await trashedTask(owner.id, "Deleted 29 days ago", 29);
    // A clock that moves 2 days per round: the 29-day-old task is 31 days old by the second round.
    let round = 0;
    const rounds: number[] = [];
    running = startHousekeeping(db(), {
      intervalMs: 50,
      now: () => new Date(Date.now() + round++ * 2 * DAY),
      onRound: (result) => rounds.push(result.trashPurged),
    });
    await expect.poll(() => rounds.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    await running.idle();
    expect(rounds[0]).toBe(0);
    expect(await db().task.findUnique({ where: { id: young.id } })).toBeNull();
  });
});
