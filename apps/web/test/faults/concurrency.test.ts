// Many clients writing the same thing at the same moment, against `npm start` on real Postgres:
// optimistic concurrency holds (one winner per version), deletes are idempotent without a 500,
// and a burst of creates stores each task exactly once.
import { randomBytes } from "node:crypto";
import { Agent } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEnv } from "@taskfort/config/env";
import { call, newUser, startRestApp, type RestApp, type User } from "../rest/helpers";
import { missingServiceReason, UNLIMITED } from "./helpers";
import { elapsed, httpCall, seconds, type Outcome, type RequestSpec } from "./load";
import { reportBound } from "./report";

let app: RestApp;
let user: User;
/** The burst's writers: a few accounts (one account's creates queue on its row lock, see quota.ts). */
let writers: User[];
let agent: Agent;

const noPostgres = missingServiceReason("DATABASE_URL", Boolean(getEnv().DATABASE_URL));

beforeAll(async () => {
  if (noPostgres) return;
  app = await startRestApp(UNLIMITED);
  user = await newUser(app, "race");
  writers = [user, ...(await Promise.all(Array.from({ length: 4 }, () => newUser(app, "burst"))))];
  // One connection per request: all of them reach the server together.
  agent = new Agent({ keepAlive: true, maxSockets: 300 });
});

afterAll(async () => {
  agent?.destroy();
  await app?.stop();
});

/** Sends every request at once and waits for all the answers. */
function together(specs: RequestSpec[]): Promise<Outcome[]> {
  return Promise.all(specs.map((spec) => httpCall(app.server.port, spec, agent, 30_000)));
}

function tally(outcomes: Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = String(o.status ?? o.error);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

const auth = () => ({ authorization: `Bearer ${user.token}` });

async function newTask(title: string) {
  const created = await call(app, "POST", "/tasks", { token: user.token, body: { title } });
  expect(created.status, created.text).toBe(201);
  return created.body as { id: string; version: number };
}

describe.skipIf(noPostgres !== null)("faults: concurrent writes", () => {
  it("concurrency: 50 PATCHes of one task with the same If-Match: exactly one 200, 49 × 412, version +1", async () => {
    const task = await newTask("Contended task");
    const outcomes = await together(
      Array.from({ length: 50 }, (_, i) => ({
        tag: "patch",
        method: "PATCH",
        path: `/api/v1/tasks/${task.id}`,
        headers: { ...auth(), "if-match": `"${task.version}"` },
        body: { title: `Winner number ${i}` },
      })),
    );
    expect(tally(outcomes)).toEqual({ "200": 1, "412": 49 });
    const winner = outcomes.find((o) => o.status === 200)!;
    const row = await app.database.db.task.findUniqueOrThrow({
      where: { id: task.id },
      select: { version: true, title: true },
    });
    expect(row.version).toBe(task.version + 1);
    expect(row.title).toBe((JSON.parse(winner.text!) as { title: string }).title);
    reportBound(
      `concurrency, 50 PATCH with one If-Match: 1 × 200, 49 × 412, version ${task.version} → ${row.version} (all answered within ${seconds(Math.max(...outcomes.map(elapsed)))})`,
    );
  });

  it("concurrency: 10 DELETEs of one task: one 204, the rest 404, never 500", async () => {
    const task = await newTask("Deleted ten times");
    const outcomes = await together(
      Array.from({ length: 10 }, () => ({
        tag: "delete",
        method: "DELETE",
        path: `/api/v1/tasks/${task.id}`,
        headers: auth(),
      })),
    );
    expect(tally(outcomes)).toEqual({ "204": 1, "404": 9 });
    const row = await app.database.db.task.findUniqueOrThrow({
      where: { id: task.id },
      select: { version: true, deletedAt: true },
    });
    expect(row.deletedAt).not.toBeNull();
    expect(row.version).toBe(task.version + 1);
    reportBound(
      `concurrency, 10 DELETE of one task: 1 × 204, 9 × 404, 0 × 500, trashed once (version ${task.version} → ${row.version})`,
    );
  });

  it("concurrency: 300 creates at once (5 accounts) are all stored, each exactly once", async () => {
    const run = randomBytes(3).toString("hex");
    const titles = Array.from({ length: 300 }, (_, i) => `Burst ${run} ${i}`);
    const outcomes = await together(
      titles.map((title, i) => ({
        tag: "create",
        method: "POST",
        path: "/api/v1/tasks",
        headers: { authorization: `Bearer ${writers[i % writers.length]!.token}` },
        body: { title },
      })),
    );
    expect(tally(outcomes)).toEqual({ "201": 300 });
    const rows = await app.database.db.task.groupBy({
      by: ["title"],
      where: { title: { in: titles } },
      _count: { _all: true },
    });
    expect(rows).toHaveLength(300);
    expect(rows.filter((r) => r._count._all !== 1)).toEqual([]);
    const ids = new Set(outcomes.map((o) => (JSON.parse(o.text!) as { id: string }).id));
    expect(ids.size).toBe(300);
    reportBound(
      `concurrency, 300 creates at once by 5 accounts: 300 × 201, 300 rows, each once (all answered within ${seconds(Math.max(...outcomes.map(elapsed)))})`,
    );
  });
});
