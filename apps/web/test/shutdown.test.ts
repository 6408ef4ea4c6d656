// Graceful shutdown of `npm start` (src/server/http-server.ts): on SIGTERM the server drains
// (health 503 on connections it already has, no new connections, in-flight requests
// finish, pools closed) and exits 0; a second signal exits at once.
import { randomBytes } from "node:crypto";
import { Agent, request, type ClientRequest, type IncomingMessage } from "node:http";
import { afterEach, beforeAll, afterAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@taskfort/db/testing";
import { startWebServer, type WebServer } from "./server";

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

let database: TestDatabase;
let server: WebServer | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterEach(async () => {
  await server?.stop();
  server = undefined;
});

afterAll(async () => {
  await database?.drop();
});

async function start(): Promise<WebServer> {
  server = await startWebServer({
    env: {
      DATABASE_URL: database.url,
      // Long enough that exiting 0 (not the timeout's 1) shows the drain finished on its own.
      SHUTDOWN_TIMEOUT_MS: "60000",
      LOG_LEVEL: "silent",
    },
  });
  return server;
}

async function apiToken(s: WebServer): Promise<string> {
  const credentials = {
    username: `drain_${randomBytes(4).toString("hex")}`,
    password: "correct horse battery staple",
  };
  const post = (path: string) =>
    fetch(`${s.url}/api/v1/auth/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(credentials),
    });
  expect((await post("register")).status).toBe(201);
  const login = await post("login");
  expect(login.status).toBe(200);
  return ((await login.json()) as { token: string }).token;
}

interface Reply {
  status: number;
  headers: IncomingMessage["headers"];
  body: string;
}

function reply(req: ClientRequest): Promise<Reply> {
  return new Promise((resolve, reject) => {
    req.on("error", reject);
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
  });
}

/** A task POST whose body is sent in two halves: the first now, the second when `finish()` is called. */
async function slowUpload(s: WebServer, token: string, title: string) {
  const body = Buffer.from(JSON.stringify({ title, description: "x".repeat(2_000) }));
  const req = request({
    host: "127.0.0.1",
    port: s.port,
    method: "POST",
    path: "/api/v1/tasks",
    agent: false,
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      "content-length": String(body.length),
    },
  });
  const answer = reply(req);
  req.write(body.subarray(0, 100));
  // Until the server has the request's headers, it is not in flight yet (a signal now would
  // find nothing to wait for). A request is in flight once it has been handed to us; the
  // only way to see that from outside is to give the server a moment.
  await new Promise((r) => setTimeout(r, 500));
  return {
    answer,
    finish: () => req.end(body.subarray(100)),
  };
}

function get(s: WebServer, path: string, agent: Agent | false): Promise<Reply> {
  return reply(request({ host: "127.0.0.1", port: s.port, path, agent }).end());
}

describe("graceful shutdown (npm start)", () => {
  it("shutdown: on SIGTERM a slow upload in flight completes with 201 and is stored, /api/health answers 503 on an open keep-alive connection, new connections are refused, and the process exits 0", async () => {
    const s = await start();
    const token = await apiToken(s);
    const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect((await get(s, "/api/health", keepAlive)).status).toBe(200);
      const title = `Drained ${randomBytes(3).toString("hex")}`;
      const upload = await slowUpload(s, token, title);

      process.kill(s.pid, "SIGTERM");
      // The signal has landed once a new connection is refused. Watched on fresh connections, so
      // the kept-alive one stays idle meanwhile: a request on it that was already in flight when
      // the drain began would be answered as usual and its connection closed after it.
      for (;;) {
        const refused = await get(s, "/api/health", false).then(
          () => false,
          (error: unknown) => (error as { code?: string }).code === "ECONNREFUSED",
        );
        if (refused) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      // The connection a load balancer already holds still gets an answer: 503 draining, and it closes.
      const health = await get(s, "/api/health", keepAlive);
      expect(health.status).toBe(503);
      expect(JSON.parse(health.body)).toEqual({ status: "draining" });
      expect(health.headers.connection).toBe("close");

      upload.finish();
      const created = await upload.answer;
      expect(created.status, created.body).toBe(201);
      const task = JSON.parse(created.body) as { id: string; title: string };
      expect(task.title).toBe(title);

      expect(await s.exited).toBe(0);
      expect(
        await database.db.task.findUnique({ where: { id: task.id }, select: { title: true } }),
      ).toEqual({ title });
    } finally {
      keepAlive.destroy();
    }
  });

  it("shutdown: a second signal exits at once, without waiting for the request in flight", async () => {
    const s = await start();
    const token = await apiToken(s);
    const upload = await slowUpload(s, token, "Never finished");
    const answer = upload.answer.catch((error: unknown) => error);
    process.kill(s.pid, "SIGTERM");
    // The first signal starts the drain, which waits for the upload; the second ends it.
    for (;;) {
      const health = await get(s, "/api/health", false).catch(() => null);
      if (!health || health.status === 503) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    process.kill(s.pid, "SIGINT");
    expect(await s.exited).toBe(1);
    expect(await answer).toMatchObject({ code: "ECONNRESET" });
    expect(await database.db.task.count({ where: { title: "Never finished" } })).toBe(0);
  });
});
