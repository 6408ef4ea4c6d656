// Search at scale, on real Postgres: one user with 100,000 tasks of 1,000-character
// descriptions. The claim tested is the plan (the trigram indexes answer a contains-search),
// never a time: the median is printed for the reader, not asserted.
import { performance } from "node:perf_hooks";
import { Prisma } from "@taskfort/db";
import { defaultTestDatabaseKind } from "@taskfort/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import type { AuthUser, Principal } from "../../context";
import { callerFor, signedInUser, useTestDatabase } from "../../test";

const TASKS = 100_000;
const RARE = "zebracorn";

// PGlite runs the same migration (pg_trgm included) in every other task test; 100,000 long
// rows are a Postgres-sized job.
describe.skipIf(defaultTestDatabaseKind() !== "postgres")("task search at scale", () => {
  const db = useTestDatabase();
  let owner: { user: AuthUser; principal: Principal };

  beforeAll(async () => {
    owner = await signedInUser(db());
    // 1,000 characters of md5 hex per description (32 × 31 + 8), a few with the rare word inside.
    await db().$executeRaw`
      INSERT INTO "Task" (id, title, description, "ownerId", "createdAt", "updatedAt")
      SELECT 'scale' || g, 'Task number ' || g,
             CASE WHEN g % 25000 = 0
                  THEN repeat(md5(g::text), 15) || ' ' || ${RARE} || ' ' || repeat(md5(g::text), 15) || left(md5(g::text), 12)
                  ELSE repeat(md5(g::text), 31) || left(md5(g::text), 8) END,
             ${owner.user.id}, now() - g * interval '1 second', now()
      FROM generate_series(1, ${TASKS}) AS g`;
    await db().$executeRawUnsafe(`ANALYZE "Task"`);
  }, 300_000);

  it("search: a rare word among 100,000 long tasks is found through the trigram indexes", async () => {
    const caller = callerFor(db(), owner.principal);
    const first = await caller.task.list({ search: RARE.toUpperCase() });
    expect(first.total).toBe(TASKS / 25_000);
    expect(first.items.every((t) => t.description.includes(RARE))).toBe(true);

    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const started = performance.now();
      await caller.task.list({ search: RARE });
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    console.log(
      `search for a rare word among ${TASKS} tasks of 1,000 characters: p50 ${times[7]!.toFixed(1)} ms (printed, not asserted)`,
    );

    // The statement shape Prisma sends for the search filter (ILIKE on both columns, owner, live).
    const pattern = `%${RARE}%`;
    const plan = await db().$queryRaw<{ "QUERY PLAN": string }[]>(Prisma.sql`
      EXPLAIN SELECT count(*) FROM "Task"
      WHERE "ownerId" = ${owner.user.id} AND "deletedAt" IS NULL
        AND ("title" ILIKE ${pattern} OR "description" ILIKE ${pattern})`);
    const text = plan.map((row) => row["QUERY PLAN"]).join("\n");
    expect(text).toContain("Task_description_trgm_idx");
    expect(text).toContain("Task_title_trgm_idx");
    expect(text).not.toMatch(/Seq Scan on "Task"/);
  }, 120_000);
});
