// The two ways the API is served answer alike: `npm start` (our node:http server calls the
// shared API handler directly) and a bare `next start` (what Vercel-style hosting runs: the
// App Router route handlers call that same handler). Same requests, same statuses, same
// bodies (ids, times and nonces aside) and the same security headers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@taskfort/db/testing";
import { call, newUser, PASSWORD, sessionCookie, uniqueName, type RestApp } from "./rest/helpers";
import { startWebServer } from "./server";

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

const ALLOWED_ORIGIN = "https://allowed.example";

/** Headers both paths must agree on (the CSP nonce aside). */
const COMPARED_HEADERS = [
  "content-type",
  "content-security-policy",
  "x-content-type-options",
  "referrer-policy",
  "permissions-policy",
  "cross-origin-opener-policy",
  "cross-origin-resource-policy",
  "x-frame-options",
  "strict-transport-security",
  "vary",
  "allow",
  "retry-after",
  "x-ratelimit-limit",
  "access-control-allow-origin",
  "access-control-allow-credentials",
  "access-control-allow-methods",
  "access-control-allow-headers",
  "access-control-max-age",
  "access-control-expose-headers",
];

const VOLATILE_KEYS = new Set(["requestId", "id", "createdAt", "updatedAt", "token", "expiresAt"]);

/** The body with ids, times and the throttle's seconds replaced, so two servers' answers compare. */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        VOLATILE_KEYS.has(k) ? "<volatile>" : normalize(v),
      ]),
    );
  if (typeof value === "string")
    return value.replace(/available in \d+ seconds/, "available in N seconds");
  return value;
}

interface Seen {
  status: number;
  body: unknown;
  headers: Record<string, string | null>;
}

function seen(res: { status: number; headers: Headers; text: string; body: unknown }): Seen {
  const headers: Record<string, string | null> = {};
  for (const name of COMPARED_HEADERS)
    headers[name] = res.headers.get(name)?.replace(/'nonce-[^']+'/g, "'nonce-N'") ?? null;
  // Seconds left in the window depend on when each run began; present on both is what counts.
  if (headers["retry-after"]) headers["retry-after"] = "N";
  // Next adds its own Vary entries (RSC negotiation, compression) to every route handler answer.
  headers.vary =
    headers.vary
      ?.split(",")
      .map((v) => v.trim())
      .filter((v) => !/^(rsc|next-router-.*|accept-encoding)$/i.test(v))
      .join(", ") ?? null;
  // Every answer carries a request id of ours, equal to the body's when there is an error envelope.
  expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  return { status: res.status, body: normalize(res.body ?? res.text), headers };
}

let database: TestDatabase;
const apps: Record<"npm start" | "next start", RestApp> = {} as never;

beforeAll(async () => {
  database = await createTestDatabase();
  const env = {
    DATABASE_URL: database.url,
    RATE_LIMIT_AUTH: "3/1m",
    RATE_LIMIT_ANON: "1000/1m",
    RATE_LIMIT_USER: "1000/1m",
    CORS_ALLOWED_ORIGINS: ALLOWED_ORIGIN,
    TRUST_PROXY: undefined,
    LOG_LEVEL: "silent",
  };
  for (const [name, mode] of [
    ["npm start", "start"],
    ["next start", "next-start"],
  ] as const) {
    const server = await startWebServer({ mode, env });
    apps[name] = { server, database, base: `${server.url}/api/v1`, stop: () => server.stop() };
  }
});

afterAll(async () => {
  for (const app of Object.values(apps)) await app.stop();
  await database?.drop();
});

/** The same scenario against one server; returns what came back, step by step. */
async function scenario(app: RestApp): Promise<Record<string, Seen>> {
  const user = await newUser(app, "parity");
  const cookie = await sessionCookie(app, user.username, PASSWORD);
  const out: Record<string, Seen> = {};
  out["201 create"] = seen(
    await call(app, "POST", "/tasks", { token: user.token, body: { title: "Parity task" } }),
  );
  out["400 fields"] = seen(
    await call(app, "POST", "/tasks", { token: user.token, body: { title: "ab", ownerId: "x" } }),
  );
  out["401 anonymous"] = seen(await call(app, "GET", "/tasks"));
  // The cookie by hand: call() would add the app's own Origin to a cookie request.
  out["403 csrf"] = seen(
    await call(app, "POST", "/tasks", {
      headers: { cookie, origin: "https://evil.example" },
      body: { title: "Forged task" },
    }),
  );
  out["404 unknown"] = seen(await call(app, "GET", "/no-such-endpoint", { token: user.token }));
  out["405 method"] = seen(await call(app, "PUT", "/tasks", { token: user.token, body: {} }));
  out["413 too large"] = seen(
    await call(app, "POST", "/tasks", {
      token: user.token,
      body: { title: "Big", description: "x".repeat(200_000) },
    }),
  );
  out["415 media type"] = seen(
    await call(app, "POST", "/tasks", {
      token: user.token,
      body: "title=x",
      headers: { "content-type": "text/plain" },
    }),
  );
  const victim = uniqueName("parity_victim");
  let throttled: Seen | undefined;
  for (let i = 0; i < 4; i++)
    throttled = seen(
      await call(app, "POST", "/auth/login", {
        body: { username: victim, password: "wrong-pass-1" },
      }),
    );
  out["429 sign-in"] = throttled!;
  out["preflight allowed"] = seen(
    await call(app, "OPTIONS", "/tasks", {
      headers: {
        origin: ALLOWED_ORIGIN,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    }),
  );
  out["preflight foreign"] = seen(
    await call(app, "OPTIONS", "/tasks", {
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    }),
  );
  out["trpc 200"] = seen(
    await call(app, "GET", `/../trpc/task.list?input=${encodeURIComponent("{}")}`, {
      token: user.token,
    }),
  );
  out["trpc 401"] = seen(
    await call(app, "GET", `/../trpc/task.list?input=${encodeURIComponent("{}")}`),
  );
  return out;
}

describe("parity: npm start and a bare next start", () => {
  it("parity: success, 400 with fields, 401, 403 CSRF, 404, 405, 413, 415, 429 and preflights answer alike on both paths", async () => {
    const direct = await scenario(apps["npm start"]);
    const viaNext = await scenario(apps["next start"]);
    // The statuses are the ones the contract names (so a shared bug cannot pass as parity).
    expect(Object.fromEntries(Object.entries(direct).map(([k, v]) => [k, v.status]))).toEqual({
      "201 create": 201,
      "400 fields": 400,
      "401 anonymous": 401,
      "403 csrf": 403,
      "404 unknown": 404,
      "405 method": 405,
      "413 too large": 413,
      "415 media type": 415,
      "429 sign-in": 429,
      "preflight allowed": 204,
      "preflight foreign": 204,
      "trpc 200": 200,
      "trpc 401": 401,
    });
    for (const step of Object.keys(direct)) expect(viaNext[step], step).toEqual(direct[step]);
  });
});
