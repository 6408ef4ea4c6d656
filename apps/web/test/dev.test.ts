// `npm run dev`: with no configuration it serves /api/health with the embedded database, and its
// data survives a restart; the check:rate-limit script meets the default limits against it.
// Every dev server of the web tests lives in this file: Next allows one per app folder at a time,
// and the files of this suite run in parallel.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childEnv } from "@taskfort/config/env";
import { createDb } from "@taskfort/db";
import { startEmbeddedPostgres } from "@taskfort/db/embedded";
import { registerTokenUser } from "./client";
import { startWebServer, webRoot, type WebServer } from "./server";

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

// No database, no secret: what a new user runs. The limits keep the default counts over day-long
// windows, so the check script's run never straddles two windows.
const devEnv = {
  TASKFORT_DATA_DIR: dataDir,
  DATABASE_URL: undefined,
  AUTH_SECRET: undefined,
  RATE_LIMIT_USER: "100/24h",
  RATE_LIMIT_ANON: "50/24h",
  RATE_LIMIT_AUTH: undefined,
  RATE_LIMIT_BACKEND: undefined,
  UPSTASH_REDIS_REST_URL: undefined,
  UPSTASH_REDIS_REST_TOKEN: undefined,
  TRUST_PROXY: undefined,
};

async function healthOf(url: string) {
  const res = await fetch(`${url}/api/health`);
  return {
    status: res.status,
    body: (await res.json()) as unknown,
    requestId: res.headers.get("x-request-id"),
  };
}

describe("npm run dev (scripts/dev.ts) without DATABASE_URL", () => {
  // One dev server for the first two tests, restarted by the third (each start compiles routes).
  let first: WebServer;
  beforeAll(async () => {
    first = await startWebServer({ mode: "dev", env: devEnv });
  });
  afterAll(() => first?.stop());

  it("dev: serves /api/health with the embedded database and prints the seeded sign-ins", async () => {
    const health = await healthOf(first.url);
    expect(health).toMatchObject({ status: 200, body: { status: "ok", db: "up" } });
    expect(health.requestId).toBeTruthy();
    expect(first.output()).toMatch(/demo \/ \S+/);
  });

  it("ratelimit: the check script reports 429 at request 101 for a token user and 51 for an anonymous caller", async () => {
    // Registering compiles the tRPC route (next dev), so the run itself is quick and fits in one window.
    const token = await registerTokenUser(first, "rl");
    const script = join(webRoot, "../../scripts/check-rate-limit.ts");
    const tsx = join(webRoot, "../../node_modules/tsx/dist/cli.mjs");
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [tsx, script, first.url, token],
      { env: childEnv(), maxBuffer: 10 * 1024 * 1024 },
    );
    expect(stdout).toMatch(/token user: 429 at request 101; Retry-After: \d+ s/);
    expect(stdout).toMatch(/anonymous: 429 at request 51; Retry-After: \d+ s/);
  });

  it("dev: keeps its data across a restart, and recorded the blocks above with the caller's address", async () => {
    const demoLine = first.output().match(/demo \/ \S+/)?.[0];
    await first.stop();

    // Read and write between runs (the dev server holds the database while it runs).
    const taskId = await withEmbeddedDb(async (db) => {
      // next dev forks its server process: the peer address must have reached it (else "unknown").
      const blocks = await db.auditEvent.findMany({
        where: { action: "ratelimit.blocked" },
        select: { ip: true },
      });
      expect(blocks.map((e) => e.ip)).toEqual(["127.0.0.1", "127.0.0.1"]);
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
      // demo, admin and the check script's user.
      expect(await db.user.count()).toBe(3);
    });
  });
});
