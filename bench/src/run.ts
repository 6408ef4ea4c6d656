// `npm run bench`: what our layers cost on top of what they wrap, as ratios.
//  - task.list through the whole procedure (limiter, auth, Zod, ownership, the page with its
//    count, output mapping) against the one statement it runs (findTaskPage);
//  - a search page against an unfiltered page (the cost of case-insensitive contains);
//  - the in-process limiter's check against an empty async call.
// Runs on DATABASE_URL's Postgres when set, else on embedded PGlite.
import { createCaller, createContextInner, createMemoryRateLimiter } from "@taskfort/api";
import { setEnvForChildren } from "@taskfort/config/env";
import { findTaskPage, sqlOf } from "@taskfort/db";
import { createTestDatabase } from "@taskfort/db/testing";
import { compare } from "./measure";

const TASKS = 2_000;

async function main() {
  // The bench measures the limiter's cost, not its verdict: lift the user tier out of reach.
  setEnvForChildren({ RATE_LIMIT_USER: "100000000/1m", LOG_LEVEL: "warn" });
  const testDb = await createTestDatabase();
  const { db } = testDb;
  try {
    const user = await db.user.create({
      data: { username: "bench", usernameKey: "bench" },
      select: { id: true, username: true, role: true },
    });
    const session = await db.session.create({
      data: { userId: user.id, expiresAt: new Date(Date.now() + 3_600_000) },
    });
    for (let i = 0; i < TASKS; i += 500) {
      await db.task.createMany({
        data: Array.from({ length: 500 }, (_, j) => ({
          ownerId: user.id,
          title: `Task number ${i + j}`,
          description: j % 7 ? "" : "needle in here",
          completed: j % 3 === 0,
        })),
      });
    }
    const caller = createCaller(
      createContextInner({
        db,
        principal: { kind: "session", user, sessionId: session.id },
        limiter: createMemoryRateLimiter(),
      }),
    );
    const policy = { tier: "user" as const, limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 };
    const limiter = createMemoryRateLimiter();

    console.log(
      `taskfort bench on ${testDb.kind}, ${TASKS} tasks (ratio = subject time / baseline time; lower is better)`,
    );
    await compare({
      name: "task.list procedure overhead",
      baseline: "findTaskPage, the statement it runs",
      subject: "caller.task.list",
      run: {
        baseline: () =>
          findTaskPage(
            sqlOf(db),
            { ownerId: user.id },
            {
              order: [
                { key: "createdAt", desc: true },
                { key: "id", desc: true },
              ],
              skip: 0,
              take: 10,
            },
          ),
        subject: () => caller.task.list({}),
      },
    });
    await compare({
      name: "search cost",
      baseline: "task.list first page",
      subject: "task.list search=needle",
      run: {
        baseline: () => caller.task.list({}),
        subject: () => caller.task.list({ search: "needle" }),
      },
    });
    await compare(
      {
        name: "in-process limiter",
        baseline: "an empty async call",
        subject: "limiter.limit()",
        run: {
          baseline: async () => undefined,
          subject: () => limiter.limit(`bench:${user.id}`, policy),
        },
      },
      { rounds: 7, iterations: 2_000 },
    );
  } finally {
    await testDb.drop();
  }
}

await main();
