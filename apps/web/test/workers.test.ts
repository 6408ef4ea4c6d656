// WEB_CONCURRENCY: `npm start` with 2 worker processes behind the Upstash limiter (the bridge to
// the real Redis at REDIS_URL). Both serve on the one port and count against the same limits; a
// worker that dies is replaced; SIGTERM drains them all and the supervisor exits 0. Without
// Upstash, more than one worker is refused (start.test.ts checks the message).
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEnv } from "@taskfort/config/env";
import { createTestDatabase, type TestDatabase } from "@taskfort/db/testing";
import { startUpstashBridge, type UpstashBridge } from "@taskfort/testing/upstash-bridge";
import { startWebServer, type WebServer } from "./server";

function redisSkipReason(): string | null {
  if (getEnv().REDIS_URL) return null;
  if (getEnv().CI)
    throw new Error("REDIS_URL is not set, and CI=true needs WEB_CONCURRENCY tested with Upstash.");
  return "REDIS_URL is not set: skipping WEB_CONCURRENCY (it needs the Upstash limiter).";
}

/** The worker processes of the supervisor `pid`. */
function workersOf(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
}

/** Bytes a process has written with write(2) and friends (sockets and log lines included). */
function bytesWritten(pid: number): number {
  return Number(/^wchar: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, "utf8"))?.[1]);
}

/** One request on a connection of its own: the cluster hands connections out, not requests. */
function statusOnNewConnection(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { agent: false, headers: { connection: "close" }, timeout: 10_000 },
      (res) => {
        res.resume();
        res.once("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.once("error", reject);
    req.once("timeout", () => req.destroy(new Error(`no answer from ${url} within 10 s`)));
    req.end();
  });
}

async function until<T>(read: () => T, ok: (value: T) => boolean, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting; last value ${String(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const skip = redisSkipReason();
if (skip) console.warn(`[workers] ${skip}`);

describe.skipIf(skip !== null)("npm start with WEB_CONCURRENCY=2 (Upstash limiter)", () => {
  let database: TestDatabase;
  let bridge: UpstashBridge;
  let server: WebServer;
  const ANON_LIMIT = 12;

  beforeAll(async () => {
    database = await createTestDatabase();
    bridge = await startUpstashBridge({ redisUrl: getEnv().REDIS_URL! });
    server = await startWebServer({
      env: {
        DATABASE_URL: database.url,
        WEB_CONCURRENCY: "2",
        RATE_LIMIT_BACKEND: "upstash",
        UPSTASH_REDIS_REST_URL: bridge.url,
        UPSTASH_REDIS_REST_TOKEN: bridge.token,
        // A window no earlier run can share a bucket with.
        RATE_LIMIT_ANON: `${ANON_LIMIT}/${1000 + Math.floor(Math.random() * 8000)}s`,
        TRUST_PROXY: undefined,
      },
    });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await bridge?.close();
    await database?.drop();
  });

  it("workers: two processes serve the one port and share one set of limits", async () => {
    const workers = await until(
      () => workersOf(server.pid),
      (w) => w.length === 2,
    );
    const before = workers.map(bytesWritten);
    // Anonymous requests on fresh connections: spread over both workers, counted in one bucket.
    const statuses: number[] = [];
    for (let i = 0; i < ANON_LIMIT * 2; i++)
      statuses.push(await statusOnNewConnection(`${server.url}/api/v1/tasks`));
    expect(statuses.filter((s) => s === 401)).toHaveLength(ANON_LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(ANON_LIMIT);
    // Both answered some of them (a per-process limiter would have let up to twice as many through).
    workers.forEach((pid, i) =>
      expect(bytesWritten(pid), `worker ${pid}`).toBeGreaterThan(before[i]!),
    );
  });

  it("workers: a worker that dies is replaced and the server keeps answering; SIGTERM drains all and exits 0", async () => {
    const [victim, survivor] = workersOf(server.pid);
    process.kill(victim!, "SIGKILL");
    const replaced = await until(
      () => workersOf(server.pid),
      (w) => w.length === 2 && !w.includes(victim!),
      60_000,
    );
    expect(replaced).toContain(survivor);
    await until(
      () => server.output(),
      (out) => (out.match(/"event":"server.listening"/g) ?? []).length >= 3,
      60_000,
    );
    for (let i = 0; i < 6; i++)
      expect(await statusOnNewConnection(`${server.url}/api/health`)).toBe(200);

    process.kill(server.pid, "SIGTERM");
    expect(await server.exited).toBe(0);
    for (const pid of replaced) expect(() => process.kill(pid, 0), `worker ${pid}`).toThrow();
    expect(server.output()).toMatch(/"event":"server.draining"/);
  }, 120_000);
});
