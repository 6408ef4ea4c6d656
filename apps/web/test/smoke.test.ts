// HTTP smoke tests against the production build (`npm start`), on a fresh database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BATCH_SIZE } from "@taskfort/api/limits";
import { createTestDatabase } from "@taskfort/db/testing";
import { trpcBatch, trpcQuery } from "./client";
import { startWebServer, type WebServer } from "./server";

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

let database: TestDatabase;
let server: WebServer;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startWebServer({ env: { DATABASE_URL: database.url } });
});

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

describe("web smoke (npm start)", () => {
  it("health: 200 with the database up, the limiter backend named, and an X-Request-Id", async () => {
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", db: "up", rateLimiter: "memory" });
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("request ids: the server picks its own, a client-sent X-Request-Id is not echoed", async () => {
    const res = await fetch(`${server.url}/api/health`, {
      headers: { "x-request-id": "attacker-chosen" },
    });
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(id).not.toBe("attacker-chosen");
  });

  it("trpc: an anonymous task.list is UNAUTHORIZED with the contract's error fields in data", async () => {
    const res = await trpcQuery(server, "task.list");
    expect(res.status).toBe(401);
    const requestId = res.headers.get("x-request-id");
    const body = res.body as { error: { data: Record<string, unknown> } };
    expect(body.error.data).toMatchObject({
      code: "UNAUTHORIZED",
      message: expect.any(String),
      requestId,
      httpStatus: 401,
    });
    expect(body.error.data).not.toHaveProperty("stack");
  });

  it("trpc: a public procedure answers, and a batch over MAX_BATCH_SIZE is refused", async () => {
    const batch = (n: number) => trpcBatch(server, "health.ping", n);
    const ok = await batch(MAX_BATCH_SIZE);
    expect(ok.status).toBe(200);
    const results = ok.body as { result: { data: { pong: boolean } } }[];
    expect(results).toHaveLength(MAX_BATCH_SIZE);
    expect(results[0]?.result.data.pong).toBe(true);

    const tooMany = await batch(MAX_BATCH_SIZE + 1);
    expect(tooMany.status).toBe(400);
  });

  it("pages: security headers with a fresh CSP nonce per response", async () => {
    const [a, b] = await Promise.all([fetch(server.url), fetch(server.url)]);
    expect(a.status).toBe(200);
    const csp = a.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src [^;]*'nonce-[A-Za-z0-9+/=]+'[^;]*'strict-dynamic'/);
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    const nonce = (h: Headers) => h.get("content-security-policy")?.match(/'nonce-([^']+)'/)?.[1];
    expect(nonce(a.headers)).not.toBe(nonce(b.headers));
    // Next stamps the nonce on its own script tags.
    expect(await a.text()).toContain(`nonce="${nonce(a.headers)}"`);
    expect(a.headers.get("x-content-type-options")).toBe("nosniff");
    expect(a.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(a.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(a.headers.get("permissions-policy")).toContain("camera=()");
    expect(a.headers.get("strict-transport-security")).toContain("max-age=");
    expect(a.headers.get("x-powered-by")).toBeNull();
  });
});

describe("web smoke: database down", () => {
  it("health: 503 naming the database when it cannot be reached", async () => {
    // A port nothing listens on: the app starts, but the database probe must fail.
    const down = await startWebServer({
      env: { DATABASE_URL: "postgresql://postgres@127.0.0.1:1/none" },
      waitFor: "listening",
    });
    try {
      const res = await fetch(`${down.url}/api/health`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: "down", db: "down", down: ["db"] });
      expect(res.headers.get("x-request-id")).toBeTruthy();
    } finally {
      await down.stop();
    }
  });
});

describe("web smoke: Upstash configured", () => {
  it("health: names upstash as the limiter when UPSTASH_REDIS_REST_URL/TOKEN are set", async () => {
    // Health does not call the limiter, so an address nothing listens on is enough to see the choice.
    const upstash = {
      UPSTASH_REDIS_REST_URL: "http://127.0.0.1:1",
      UPSTASH_REDIS_REST_TOKEN: "test-token",
      RATE_LIMIT_BACKEND: undefined,
    };
    const withUpstash = await startWebServer({ env: { DATABASE_URL: database.url, ...upstash } });
    try {
      expect(await (await fetch(`${withUpstash.url}/api/health`)).json()).toEqual({
        status: "ok",
        db: "up",
        rateLimiter: "upstash",
      });
    } finally {
      await withUpstash.stop();
    }
  });
});
