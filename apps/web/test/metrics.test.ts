// GET /api/metrics over real HTTP against the production build: the token is required (401
// without or with a wrong one, 404 when none is configured), the body is Prometheus text (a
// real parser and a line-by-line grammar check), the counters move when requests, 429s, a
// CSRF refusal and a failed sign-in happen, and ids in URLs never become series.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshLoopback, sendFrom } from "./hardening/helpers";
import { createTestDatabase } from "@taskfort/db/testing";
import { credentialsSignIn, send, trpcMutation } from "./client";
import { parsePrometheusText, sampleValue, type Family } from "./prometheus-text";
import { startWebServer, type WebServer } from "./server";
import {
  call,
  expectEnvelope,
  newUser,
  sessionCookie,
  startRestApp,
  type RestApp,
  type User,
} from "./rest/helpers";

const TOKEN = randomBytes(32).toString("hex");
// Tight enough that a test meets it from its own address; the other tiers stay out of the way.
const AUTH_LIMIT = 3;

let app: RestApp;
let user: User;

beforeAll(async () => {
  app = await startRestApp({
    METRICS_TOKEN: TOKEN,
    RATE_LIMIT_AUTH: `${AUTH_LIMIT}/24h`,
    RATE_LIMIT_USER: "5000/1m",
    RATE_LIMIT_PROBE: "5000/1m",
  });
  user = await newUser(app, "metrics");
});

afterAll(async () => {
  await app?.stop();
});

const metricsUrl = () => `${app.server.url}/api/metrics`;

async function scrape(
  url = metricsUrl(),
): Promise<{ text: string; families: Map<string, Family> }> {
  const res = await send(url, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status, res.text).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return {
    text: res.text,
    families: parsePrometheusText(res.text),
  };
}

const REQUESTS = "taskfort_http_request_duration_seconds";
/** Requests with these labels so far (the histogram's _count). */
const requestCount = (families: Map<string, Family>, labels: Record<string, string>) =>
  sampleValue(families, `${REQUESTS}_count`, labels);

/** Label sets of the request histogram: its series, whatever the bucket count. */
const requestSeries = (families: Map<string, Family>) =>
  families
    .get(REQUESTS)
    ?.samples.filter((s) => s.name === `${REQUESTS}_count`)
    .map((s) => s.labels) ?? [];

describe("metrics: the strict reader itself", () => {
  it("prometheus text: well-formed text reads; each kind of malformed line throws", () => {
    const good = [
      "# HELP a_total Things.",
      "# TYPE a_total counter",
      'a_total{x="1",y="q\\"uote"} 3',
      "# TYPE h histogram",
      'h_bucket{le="1"} 1',
      'h_bucket{le="+Inf"} 2',
      "h_sum 0.5",
      "h_count 2",
      "",
    ].join("\n");
    expect(sampleValue(parsePrometheusText(good), "a_total", { y: 'q"uote' })).toBe(3);
    for (const bad of [
      "a_total 1\n",
      "# TYPE a counter\na{x=1} 1\n",
      "# TYPE a counter\na 1 2 3\n",
      "# TYPE a counter\na one\n",
      "# TYPE a wat\n",
      "# TYPE h histogram\nh_bucket 1\n",
      '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_count 3\n',
      "# TYPE a counter\na 1",
    ])
      expect(() => parsePrometheusText(bad), bad).toThrow();
  });
});

describe("metrics: the token", () => {
  it("metrics: without a token, with a wrong one, or with the token in the wrong scheme: 401 envelope and no numbers", async () => {
    for (const authorization of [
      undefined,
      `Bearer ${TOKEN.slice(0, -1)}x`,
      `Bearer ${TOKEN}${TOKEN}`,
      `Basic ${TOKEN}`,
      TOKEN,
    ]) {
      const res = await send(metricsUrl(), {
        headers: authorization ? { authorization } : {},
      });
      expectEnvelope(res, 401, "UNAUTHORIZED");
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(res.text).not.toContain("taskfort_");
    }
  });

  it("metrics: a write method is 405", async () => {
    const res = await send(metricsUrl(), {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expectEnvelope(res, 405, "METHOD_NOT_SUPPORTED");
  });
});

describe("metrics: the exposition", () => {
  it("metrics: parses as Prometheus text with requests, limiter, security, pool and process metrics", async () => {
    const { text, families } = await scrape();
    expect(text.length).toBeGreaterThan(0);
    for (const name of [
      "taskfort_http_request_duration_seconds",
      "taskfort_rate_limit_blocked_total",
      "taskfort_sign_in_failures_total",
      "taskfort_csrf_blocked_total",
      "taskfort_security_events_total",
      "taskfort_db_pool_in_use",
      "taskfort_db_pool_idle",
      "taskfort_db_pool_waiting",
      "process_resident_memory_bytes",
      "nodejs_eventloop_lag_seconds",
    ])
      expect(families.has(name), name).toBe(true);
    expect(families.get(REQUESTS)?.type).toBe("histogram");
    expect(families.get("taskfort_rate_limit_blocked_total")?.type).toBe("counter");
    // The pool is open (the user above was made through it), and never larger than its max.
    expect(sampleValue(families, "taskfort_db_pool_max")).toBeGreaterThan(0);
    expect(
      sampleValue(families, "taskfort_db_pool_in_use") +
        sampleValue(families, "taskfort_db_pool_idle"),
    ).toBeGreaterThan(0);
  });

  it("metrics: requests are counted by route template and status", async () => {
    const route = { method: "GET", route: "/api/v1/tasks/{id}", status: "200" };
    const created = await call(app, "POST", "/tasks", {
      token: user.token,
      body: { title: "Counted task" },
    });
    expect(created.status).toBe(201);
    const before = requestCount((await scrape()).families, route);
    for (let i = 0; i < 3; i++)
      expect(
        (await call(app, "GET", `/tasks/${created.body.id}`, { token: user.token })).status,
      ).toBe(200);
    const after = (await scrape()).families;
    expect(requestCount(after, route)).toBe(before + 3);
    // Pages and tRPC calls get templates too.
    expect((await send(`${app.server.url}/login`)).status).toBe(200);
    const withPage = (await scrape()).families;
    expect(
      requestCount(withPage, {
        method: "GET",
        route: "/login",
        status: "200",
      }),
    ).toBeGreaterThan(0);
  });

  it("metrics: a failed sign-in, a CSRF refusal and 429s move their counters", async () => {
    const before = (await scrape()).families;

    // Failed sign-ins from one fresh address until the auth tier (AUTH_LIMIT a day) refuses.
    const from = freshLoopback();
    const stranger = `nobody_${randomBytes(4).toString("hex")}`;
    const statuses: number[] = [];
    for (let i = 0; i < AUTH_LIMIT + 2; i++) {
      const res = await sendFrom(from, `${app.base}/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        // A name nobody has: the username bucket is this test's alone too.
        body: JSON.stringify({ username: stranger, password: `wrong password ${i}` }),
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);

    // A cookie-authenticated mutation from a foreign origin.
    const cookie = await sessionCookie(app, user.username);
    const forged = await trpcMutation(
      app.server,
      "task.create",
      { title: "Forged task" },
      { cookie, origin: "https://evil.example" },
    );
    expect(forged.status).toBe(403);

    const after = (await scrape()).families;
    const moved = (name: string, labels: Record<string, string> = {}) =>
      sampleValue(after, name, labels) - sampleValue(before, name, labels);
    expect(moved("taskfort_sign_in_failures_total")).toBe(AUTH_LIMIT);
    expect(moved("taskfort_security_events_total", { action: "auth.login.failure" })).toBe(
      AUTH_LIMIT,
    );
    expect(moved("taskfort_rate_limit_blocked_total", { tier: "auth" })).toBe(2);
    expect(moved("taskfort_csrf_blocked_total")).toBe(1);
    expect(
      moved(`${REQUESTS}_count`, {
        method: "POST",
        route: "/api/v1/auth/login",
        status: "429",
      }),
    ).toBe(2);
  });
});

describe("metrics: cardinality", () => {
  it("metrics: 1,000 distinct task ids, junk paths and junk procedures add a bounded number of series", async () => {
    const before = await scrape();
    const seriesBefore = requestSeries(before.families).length;
    const linesBefore = before.text.split("\n").length;

    const requests: (() => Promise<number>)[] = [];
    for (let i = 0; i < 1000; i++)
      requests.push(
        async () =>
          (await call(app, "GET", `/tasks/${randomUUID()}`, { token: user.token })).status,
      );
    for (let i = 0; i < 30; i++) {
      const junk = randomBytes(6).toString("hex");
      requests.push(async () => (await send(`${app.server.url}/${junk}/${i}`)).status);
      requests.push(async () => (await call(app, "GET", `/${junk}`, { token: user.token })).status);
      requests.push(
        async () =>
          (
            await send(`${app.server.url}/api/trpc/${junk}.x?input=%7B%7D`, {
              headers: { authorization: `Bearer ${user.token}` },
            })
          ).status,
      );
    }
    const statuses: number[] = [];
    // 20 at a time: enough to be quick, few enough for this machine.
    for (let i = 0; i < requests.length; i += 20)
      statuses.push(...(await Promise.all(requests.slice(i, i + 20).map((r) => r()))));
    expect(statuses.filter((s) => s === 404).length).toBeGreaterThanOrEqual(1000);

    const after = await scrape();
    const series = requestSeries(after.families);
    console.info(
      `[metrics] request series: ${seriesBefore} before, ${series.length} after ${requests.length} requests; exposition lines ${linesBefore} → ${after.text.split("\n").length}`,
    );
    // At most: the 404 of /api/v1/tasks/{id}, "other" for junk pages, REST paths and procedures,
    // each with the one or two statuses they answer.
    expect(series.length - seriesBefore).toBeLessThanOrEqual(6);
    expect(after.text.split("\n").length - linesBefore).toBeLessThanOrEqual(6 * 16);
    for (const labels of series) {
      expect(labels.route).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
      expect(labels.route).toMatch(/^(\/[\w./{}()*-]*|other)$/);
    }
    expect(
      requestCount(after.families, {
        method: "GET",
        route: "/api/v1/tasks/{id}",
        status: "404",
      }),
    ).toBeGreaterThanOrEqual(1000);
  });
});

describe("metrics: off unless configured", () => {
  let bare: RestApp;
  beforeAll(async () => {
    bare = await startRestApp({ METRICS_TOKEN: undefined });
  });
  afterAll(async () => {
    await bare?.stop();
  });

  it("metrics: without METRICS_TOKEN the endpoint is 404, with or without a token sent", async () => {
    expectEnvelope(await send(`${bare.server.url}/api/metrics`), 404, "NOT_FOUND");
    expectEnvelope(
      await send(`${bare.server.url}/api/metrics`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      }),
      404,
      "NOT_FOUND",
    );
  });
});

describe("metrics: the route handlers (Vercel, a bare next start)", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: WebServer;
  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startWebServer({
      mode: "next-start",
      env: { DATABASE_URL: database.url, METRICS_TOKEN: TOKEN, TRUST_PROXY: undefined },
    });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("metrics: served there too, counting the API's requests and next-auth's failed sign-ins in one registry", async () => {
    const url = `${server.url}/api/metrics`;
    expectEnvelope(await send(url), 401, "UNAUTHORIZED");
    const before = (await scrape(url)).families;
    const stranger = `nobody_${randomBytes(4).toString("hex")}`;
    // One failed sign-in through REST (an App Router route handler) and one through next-auth's
    // browser form (another bundle): both land in the process's one registry.
    expect(
      (
        await send(`${server.url}/api/v1/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ username: stranger, password: "wrong password" }),
        })
      ).status,
    ).toBe(401);
    await credentialsSignIn(server, stranger, "wrong password");
    const after = (await scrape(url)).families;
    expect(
      sampleValue(after, "taskfort_sign_in_failures_total") -
        sampleValue(before, "taskfort_sign_in_failures_total"),
    ).toBe(2);
    expect(
      requestCount(after, { method: "POST", route: "/api/v1/auth/login", status: "401" }) -
        requestCount(before, { method: "POST", route: "/api/v1/auth/login", status: "401" }),
    ).toBe(1);
    expect(
      requestCount(after, { method: "POST", route: "/api/auth/*" }) -
        requestCount(before, { method: "POST", route: "/api/auth/*" }),
    ).toBe(1);
  });
});
