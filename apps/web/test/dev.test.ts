// Issue 2, acceptance 1: with no configuration, the dev command serves /api/health
// with the embedded database, and its data survives a restart.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@taskfort/db";
import { startEmbeddedPostgres } from "@taskfort/db/embedded";
import { startWebServer } from "./server";

const dataDir = mkdtempSync(join(tmpdir(), "taskfort-dev-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Opens the dev database directly (while no dev server holds it) and runs `use` on it. */
async function withEmbeddedDb<T>(use: (db: ReturnType<typeof createDb>) => Promise<T>): Promise<T> {
  const embedded = await startEmbeddedPostgres({ dataDir: join(dataDir, "pglite") });
  const db = createDb(embedded.url, { max: 1 });
  try {
    return await use(db);
  } finally {
    await db.$disconnect();
    await embedded.stop();
  }
}

const devEnv = { TASKFORT_DATA_DIR: dataDir, DATABASE_URL: undefined, AUTH_SECRET: undefined };

async function healthOf(url: string) {
  const res = await fetch(`${url}/api/health`);
  return {
    status: res.status,
    body: (await res.json()) as unknown,
    requestId: res.headers.get("x-request-id"),
  };
}

describe("npm run dev (scripts/dev.ts) without DATABASE_URL", () => {
  it("dev: serves /api/health with the embedded database, and keeps its data across a restart", async () => {
    const first = await startWebServer({ mode: "dev", env: devEnv });
    let demoLine: string | undefined;
    try {
      const health = await healthOf(first.url);
      expect(health).toMatchObject({ status: 200, body: { status: "ok", db: "up" } });
      expect(health.requestId).toBeTruthy();
      demoLine = first.output().match(/demo \/ \S+/)?.[0];
      expect(demoLine).toBeDefined();
    } finally {
      await first.stop();
    }

    // A row written between runs (the dev server holds the database while it runs).
    const taskId = await withEmbeddedDb(async (db) => {
      const demo = await db.user.findUniqueOrThrow({
        where: { usernameKey: "demo" },
        select: { id: true },
      });
      const task = await db.task.create({
        data: { title: "survives restarts", ownerId: demo.id },
        select: { id: true },
      });
      return task.id;
    });

    const second = await startWebServer({ mode: "dev", env: devEnv });
    try {
      expect(await healthOf(second.url)).toMatchObject({ status: 200, body: { db: "up" } });
      // The same seeded credentials are printed again: generated once, kept under the data dir.
      expect(second.output()).toContain(demoLine!);
    } finally {
      await second.stop();
    }

    await withEmbeddedDb(async (db) => {
      expect(await db.task.findUnique({ where: { id: taskId }, select: { title: true } })).toEqual({
        title: "survives restarts",
      });
      expect(await db.user.count()).toBe(2);
    });
  });
});
