// The production server owns the socket (src/server/http-server.ts): the client address
// comes from the socket, every request gets exactly one log line carrying the id the
// response carries, and nothing patches node:http to get there.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@taskfort/db/testing";
import { startWebServer, webRoot, type WebServer } from "./server";

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** GET over a client socket bound to `localAddress` (127.0.0.0/8 is all loopback on Linux). */
function get(
  server: WebServer,
  path: string,
  localAddress = "127.0.0.1",
  headers: Record<string, string> = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port: server.port, path, localAddress, headers, agent: false },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

let database: TestDatabase;
let server: WebServer;
let logFile: string;

function logLines(): Record<string, unknown>[] {
  if (!existsSync(logFile)) return [];
  return readFileSync(logFile, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The request lines for one id, once the response's close has been logged. */
async function requestLines(requestId: string) {
  for (let i = 0; i < 40; i++) {
    const lines = logLines().filter((l) => l.msg === "request" && l.requestId === requestId);
    if (lines.length) return lines;
    await new Promise((r) => setTimeout(r, 50));
  }
  return [];
}

beforeAll(async () => {
  database = await createTestDatabase();
  logFile = join(mkdtempSync(join(tmpdir(), "taskfort-edge-")), "app.log");
  server = await startWebServer({
    env: {
      DATABASE_URL: database.url,
      LOG_FILE: logFile,
      LOG_LEVEL: "info",
      RATE_LIMIT_ANON: "3/1m",
      TRUST_PROXY: undefined,
    },
  });
});

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

describe("the production server owns the edge", () => {
  it("edge: clients at 127.0.0.2 and 127.0.0.3 fall into different anonymous buckets, their log lines carry those addresses, and X-Forwarded-For changes nothing", async () => {
    const path = `/api/trpc/health.ping?input=${encodeURIComponent("{}")}`;
    const from2: Reply[] = [];
    // Each request claims another address: without TRUST_PROXY none of it may count.
    for (let i = 0; i < 4; i++)
      from2.push(await get(server, path, "127.0.0.2", { "x-forwarded-for": `10.9.8.${i}` }));
    expect(from2.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    const from3 = await get(server, path, "127.0.0.3");
    expect(from3.status).toBe(200);

    const [line2] = await requestLines(String(from2[3]!.headers["x-request-id"]));
    const [line3] = await requestLines(String(from3.headers["x-request-id"]));
    expect(line2).toMatchObject({ ip: "127.0.0.2", status: 429 });
    expect(line3).toMatchObject({ ip: "127.0.0.3", status: 200 });
  });

  it("edge: exactly one request line for a page, a static file, a 404 page, /api/trpc, /api/v1, /api/auth/session and /api/health, with the response's X-Request-Id", async () => {
    const login = await get(server, "/login");
    // A static file the page itself references.
    const asset = /\/_next\/static\/[^"]+\.js/.exec(login.body)?.[0];
    expect(asset, "a script under /_next/static in the login page").toBeTruthy();
    const cases: [string, number][] = [
      ["/login", 200],
      [asset!, 200],
      ["/no-such-page-edge", 404],
      [`/api/trpc/health.ping?input=${encodeURIComponent("{}")}`, 200],
      ["/api/v1/tasks", 401],
      ["/api/auth/session", 200],
      ["/api/health", 200],
    ];
    for (const [path, status] of cases) {
      // A fresh address each time, so the anonymous limit of 3 is not what this test measures.
      const res = await get(server, path, `127.0.1.${cases.findIndex(([p]) => p === path) + 1}`, {
        "x-request-id": "client-chosen",
      });
      expect(res.status, path).toBe(status);
      const requestId = String(res.headers["x-request-id"]);
      expect(requestId, path).toMatch(/^[0-9a-f-]{36}$/);
      const lines = await requestLines(requestId);
      expect(lines, path).toHaveLength(1);
      expect(lines[0], path).toMatchObject({
        status,
        method: "GET",
        path: path.split("?")[0],
        ip: expect.stringMatching(/^127\.0\.1\./),
      });
    }
    expect(logLines().filter((l) => l.requestId === "client-chosen")).toHaveLength(0);
  });

  it("edge: a client that hangs up before its answer is ready is logged once as a request, not as a server failure", async () => {
    // Sign-in runs the password hasher, so its answer is still being made when the client leaves.
    const body = JSON.stringify({ username: "gone_client", password: "not-the-password-1" });
    await new Promise<void>((resolve) => {
      const req = request({
        host: "127.0.0.1",
        port: server.port,
        method: "POST",
        path: "/api/v1/auth/login",
        localAddress: "127.0.2.1",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        agent: false,
      });
      req.on("error", () => resolve());
      req.on("close", () => resolve());
      req.end(body, () => setTimeout(() => req.destroy(), 5));
    });
    let lines: Record<string, unknown>[] = [];
    for (let i = 0; i < 40 && !lines.length; i++) {
      await new Promise((r) => setTimeout(r, 50));
      lines = logLines().filter((l) => l.msg === "request" && l.ip === "127.0.2.1");
    }
    // 499 (nginx's "client closed request"): nothing was sent, so no status of ours applies.
    expect(lines).toEqual([expect.objectContaining({ method: "POST", status: 499 })]);
    // The handler goes on after the hang-up (the hasher is still running); what it does then
    // must not be logged as a failure. Watched for 1.5 s: the hash takes well under that.
    const failures = () =>
      logLines().filter((l) => l.requestId === lines[0]!.requestId && l.level !== "info");
    for (let i = 0; i < 30 && !failures().length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(failures()).toEqual([]);
  });

  it("edge: nothing in the repository patches node:http, and no start path preloads a script", () => {
    // git grep exits 1 when nothing matches. This file is the one place the patterns appear.
    const found = spawnSync(
      "git",
      [
        "grep",
        "-n",
        "-E",
        "Server\\.prototype\\.emit|--import[\"', ]+[^\"']*\\.mjs",
        "--",
        ":/",
        ":!apps/web/test/edge.test.ts",
      ],
      { cwd: webRoot, encoding: "utf8" },
    );
    expect(found.status, found.stdout).toBe(1);
    // npm start, npm run dev and the test servers all run the one server module.
    for (const script of ["scripts/start.ts", "scripts/dev.ts"])
      expect(readFileSync(join(webRoot, script), "utf8")).toContain("src/server/http-server");
  });
});
