// Every REST endpoint of the contract over real HTTP (`next start`, fresh database):
// its success status and shape, and each of its error statuses in the contract envelope.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call,
  expectEnvelope,
  newUser,
  PASSWORD,
  sessionCookie,
  startRestApp,
  uniqueName,
  type RestApp,
  type User,
} from "./helpers";

const TASK_KEYS = [
  "completed",
  "createdAt",
  "description",
  "dueAt",
  "id",
  "labels",
  "priority",
  "title",
  "updatedAt",
  "version",
];
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

let app: RestApp;
let alice: User;
let bob: User;
let aliceCookie: string;
/** A token of alice's with tasks:read only. */
let readToken: string;

beforeAll(async () => {
  app = await startRestApp();
  alice = await newUser(app, "alice");
  bob = await newUser(app, "bob");
  aliceCookie = await sessionCookie(app, alice.username);
  const created = await call(app, "POST", "/tokens", {
    cookie: aliceCookie,
    body: { name: "read only", scopes: ["tasks:read"] },
  });
  expect(created.status, created.text).toBe(201);
  readToken = created.body.token;
});

afterAll(async () => {
  await app?.stop();
});

async function createTask(user: User, body: Record<string, unknown>) {
  const res = await call(app, "POST", "/tasks", { token: user.token, body });
  expect(res.status, res.text).toBe(201);
  return res.body as {
    id: string;
    title: string;
    description: string;
    completed: boolean;
    createdAt: string;
    updatedAt: string;
  };
}

describe("REST: routing", () => {
  it("an unknown route is a 404 envelope", async () => {
    expectEnvelope(await call(app, "GET", "/nope"), 404, "NOT_FOUND");
    expectEnvelope(
      await call(app, "POST", "/tasks/abc/def", { token: alice.token, body: {} }),
      404,
      "NOT_FOUND",
    );
  });

  it("a wrong method on a known path is a 405 envelope with Allow", async () => {
    const put = await call(app, "PUT", "/tasks", { token: alice.token, body: { title: "Nope" } });
    expectEnvelope(put, 405, "METHOD_NOT_SUPPORTED");
    expect(put.headers.get("allow")).toBe("GET, POST");
    const post = await call(app, "POST", "/tasks/some-id", { token: alice.token, body: {} });
    expectEnvelope(post, 405, "METHOD_NOT_SUPPORTED");
    expect(post.headers.get("allow")?.split(", ").sort()).toEqual(["DELETE", "GET", "PATCH"]);
    expectEnvelope(await call(app, "GET", "/auth/login"), 405, "METHOD_NOT_SUPPORTED");
  });

  it("the base path itself is a 404 envelope; HEAD is GET without a body", async () => {
    const base = await fetch(app.base);
    expect(base.status).toBe(404);
    expect(((await base.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    const head = await call(app, "HEAD", "/tasks", { token: alice.token });
    expect(head.status).toBe(200);
    expect(head.text).toBe("");
  });

  it("a trailing slash works for GET, POST, PATCH and DELETE", async () => {
    const created = await call(app, "POST", "/tasks/", {
      token: alice.token,
      body: { title: "Slashed task" },
    });
    expect(created.status, created.text).toBe(201);
    const listed = await call(app, "GET", "/tasks/?search=slashed", { token: alice.token });
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.items.map((t: { id: string }) => t.id)).toEqual([created.body.id]);
    expect(
      (await call(app, "GET", `/tasks/${created.body.id}/`, { token: alice.token })).body.id,
    ).toBe(created.body.id);
    expect(
      (
        await call(app, "PATCH", `/tasks/${created.body.id}/`, {
          token: alice.token,
          body: { completed: true },
        })
      ).body.completed,
    ).toBe(true);
    expect(
      (await call(app, "DELETE", `/tasks/${created.body.id}/`, { token: alice.token })).status,
    ).toBe(204);
    const doc = await call(app, "GET", "/openapi.json/");
    expect(doc.body.openapi).toMatch(/^3\.1/);
    // Only /api/v1 skips the redirect: other paths keep their canonical URL.
    const health = await fetch(`${app.server.url}/api/health/`, { redirect: "manual" });
    expect(health.status).toBe(308);
    expect(health.headers.get("location")).toBe("/api/health");
  });

  it("rate-limit headers and X-Request-Id are on successes and on errors", async () => {
    const ok = await call(app, "GET", "/tasks", { token: alice.token });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-ratelimit-limit")).toBe("1000");
    expect(Number(ok.headers.get("x-ratelimit-remaining"))).toBeLessThan(1000);
    expect(Number(ok.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000 - 1);
    expect(ok.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const missing = await call(app, "GET", "/tasks/does-not-exist", { token: alice.token });
    expectEnvelope(missing, 404, "NOT_FOUND", "Task not found.");
    expect(missing.headers.get("x-ratelimit-limit")).toBe("1000");
  });

  it("bodies: over 100 KB is 413, a non-JSON content type 415, malformed JSON 400 — all enveloped", async () => {
    const big = JSON.stringify({ title: "Big", description: "x".repeat(101 * 1024) });
    expectEnvelope(
      await call(app, "POST", "/tasks", { token: alice.token, body: big }),
      413,
      "PAYLOAD_TOO_LARGE",
    );
    expectEnvelope(
      await call(app, "POST", "/tasks", {
        token: alice.token,
        body: "title=Hello",
        headers: { "content-type": "text/plain" },
      }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
    expectEnvelope(
      await call(app, "POST", "/tasks", { token: alice.token, body: "{not json" }),
      400,
      "BAD_REQUEST",
      "The request body is not valid JSON.",
    );
  });
});

describe("REST: POST /auth/register", () => {
  it("201 with the public user", async () => {
    const username = uniqueName("Reg");
    const res = await call(app, "POST", "/auth/register", {
      body: { username, password: PASSWORD },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toEqual({ user: { id: expect.any(String), username, role: "USER" } });
  });

  it("400 with field messages; unknown fields (role) are rejected", async () => {
    const fields = expectEnvelope(
      await call(app, "POST", "/auth/register", {
        body: { username: "ab", password: "Zq9x", role: "ADMIN" },
      }),
      400,
      "BAD_REQUEST",
    );
    expect(fields).toEqual({
      username: ["Username must be at least 3 characters long."],
      password: ["Password must be at least 8 characters long."],
      role: ['Unknown field "role".'],
    });
    const common = expectEnvelope(
      await call(app, "POST", "/auth/register", {
        body: { username: uniqueName("c"), password: "password123" },
      }),
      400,
      "BAD_REQUEST",
    );
    expect(common?.password).toContain("This password is too common.");
  });

  it("409 for a taken username, case-insensitively", async () => {
    expectEnvelope(
      await call(app, "POST", "/auth/register", {
        body: { username: alice.username.toUpperCase(), password: PASSWORD },
      }),
      409,
      "CONFLICT",
      "This username is not available.",
    );
  });

  it("401 when a bad API token is sent, even here", async () => {
    expectEnvelope(
      await call(app, "POST", "/auth/register", {
        token: "tf_not-a-real-token",
        body: { username: uniqueName("x"), password: PASSWORD },
      }),
      401,
      "UNAUTHORIZED",
    );
  });
});

describe("REST: POST /auth/login", () => {
  it("200 with a new token, its expiry and the user; the token works", async () => {
    const res = await call(app, "POST", "/auth/login", {
      body: { username: alice.username, password: PASSWORD },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      token: expect.any(String),
      expiresAt: expect.stringMatching(ISO),
      user: { id: alice.id, username: alice.username, role: "USER" },
    });
    expect((await call(app, "GET", "/tasks", { token: res.body.token })).status).toBe(200);
  });

  it("401 for a wrong password, 400 for a missing field", async () => {
    expectEnvelope(
      await call(app, "POST", "/auth/login", {
        body: { username: alice.username, password: "wrong password 1" },
      }),
      401,
      "UNAUTHORIZED",
      "Invalid username or password.",
    );
    const fields = expectEnvelope(
      await call(app, "POST", "/auth/login", { body: { username: alice.username } }),
      400,
      "BAD_REQUEST",
    );
    expect(fields).toEqual({ password: ["This field is required."] });
  });
});

describe("REST: tasks", () => {
  it("POST /tasks: 201 with the task; 400 with the contract's messages; 401 anonymous; 403 read-only token", async () => {
    const res = await call(app, "POST", "/tasks", {
      token: alice.token,
      body: { title: "  Write the report  ", description: "by Friday" },
    });
    expect(res.status, res.text).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(TASK_KEYS);
    expect(res.body).toMatchObject({
      title: "Write the report",
      description: "by Friday",
      completed: false,
      createdAt: expect.stringMatching(ISO),
      updatedAt: expect.stringMatching(ISO),
    });

    const check = async (title: unknown, message: string) => {
      const fields = expectEnvelope(
        await call(app, "POST", "/tasks", { token: alice.token, body: { title } }),
        400,
        "BAD_REQUEST",
      );
      expect(fields).toEqual({ title: [message] });
    };
    await check("   ", "This field is required.");
    await check("ab", "Title must be at least 3 characters long.");
    await check("Hello!", "Title must be alphanumeric with optional spaces.");
    const ownerId = expectEnvelope(
      await call(app, "POST", "/tasks", {
        token: alice.token,
        body: { title: "Mine", ownerId: bob.id },
      }),
      400,
      "BAD_REQUEST",
    );
    expect(ownerId).toEqual({ ownerId: ['Unknown field "ownerId".'] });

    expectEnvelope(
      await call(app, "POST", "/tasks", { body: { title: "Anonymous" } }),
      401,
      "UNAUTHORIZED",
      "Sign in or send a valid API token.",
    );
    expectEnvelope(
      await call(app, "POST", "/tasks", { token: readToken, body: { title: "Read only" } }),
      403,
      "FORBIDDEN",
      'This API token lacks the "tasks:write" scope.',
    );
  });

  it("GET /tasks: search, completed filter, ordering and pages; 400 for a bad page size; 401 anonymous", async () => {
    const user = await newUser(app, "lister");
    for (const [title, completed] of [
      ["Alpha report", false],
      ["Beta report", true],
      ["Gamma notes", false],
      ["Delta report", false],
    ] as const) {
      await createTask(user, { title, completed });
    }
    const list = async (query: string) => {
      const res = await call(app, "GET", `/tasks?${query}`, { token: user.token });
      expect(res.status, res.text).toBe(200);
      return res.body as {
        items: { title: string }[];
        page: number;
        pageSize: number;
        total: number;
        totalPages: number;
      };
    };
    const all = await list("");
    expect(all).toMatchObject({ page: 1, pageSize: 10, total: 4, totalPages: 1 });
    expect(all.items.map((t) => t.title)).toEqual([
      "Delta report",
      "Gamma notes",
      "Beta report",
      "Alpha report",
    ]);
    expect((await list("search=REPORT&ordering=title")).items.map((t) => t.title)).toEqual([
      "Alpha report",
      "Beta report",
      "Delta report",
    ]);
    expect((await list("completed=true")).items.map((t) => t.title)).toEqual(["Beta report"]);
    expect((await list("completed=false&ordering=-title")).items.map((t) => t.title)).toEqual([
      "Gamma notes",
      "Delta report",
      "Alpha report",
    ]);
    const page2 = await list("ordering=createdAt&page=2&pageSize=3");
    expect(page2).toMatchObject({ page: 2, pageSize: 3, total: 4, totalPages: 2 });
    expect(page2.items.map((t) => t.title)).toEqual(["Delta report"]);

    const fields = expectEnvelope(
      await call(app, "GET", "/tasks?pageSize=101", { token: user.token }),
      400,
      "BAD_REQUEST",
    );
    expect(fields).toEqual({ pageSize: ["Page size must be at most 100."] });
    expectEnvelope(
      await call(app, "GET", "/tasks?ordering=owner", { token: user.token }),
      400,
      "BAD_REQUEST",
    );
    expectEnvelope(await call(app, "GET", "/tasks"), 401, "UNAUTHORIZED");
  });

  it("GET /tasks/{id}: 200 own task; another user's is 404 exactly like a made-up id; 401 anonymous", async () => {
    const task = await createTask(alice, { title: "Private plan" });
    const res = await call(app, "GET", `/tasks/${task.id}`, { token: alice.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(task);
    const foreign = await call(app, "GET", `/tasks/${task.id}`, { token: bob.token });
    const madeUp = await call(app, "GET", "/tasks/made-up-id", { token: bob.token });
    expectEnvelope(foreign, 404, "NOT_FOUND", "Task not found.");
    expectEnvelope(madeUp, 404, "NOT_FOUND", "Task not found.");
    expectEnvelope(await call(app, "GET", `/tasks/${task.id}`), 401, "UNAUTHORIZED");
  });

  it("PATCH /tasks/{id}: 200 with the change; 400 empty or invalid; 404 another user's; 403 read-only token; 401 anonymous", async () => {
    const task = await createTask(alice, { title: "Draft", description: "v1" });
    const res = await call(app, "PATCH", `/tasks/${task.id}`, {
      token: alice.token,
      body: { title: "Final", completed: true },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      id: task.id,
      title: "Final",
      description: "v1",
      completed: true,
      createdAt: task.createdAt,
    });

    expectEnvelope(
      await call(app, "PATCH", `/tasks/${task.id}`, { token: alice.token, body: {} }),
      400,
      "BAD_REQUEST",
    );
    const fields = expectEnvelope(
      await call(app, "PATCH", `/tasks/${task.id}`, { token: alice.token, body: { title: "x" } }),
      400,
      "BAD_REQUEST",
    );
    expect(fields).toEqual({ title: ["Title must be at least 3 characters long."] });
    const completed = expectEnvelope(
      await call(app, "PATCH", `/tasks/${task.id}`, {
        token: alice.token,
        body: { completed: "false" },
      }),
      400,
      "BAD_REQUEST",
    );
    expect(Object.keys(completed ?? {})).toEqual(["completed"]);
    expectEnvelope(
      await call(app, "PATCH", `/tasks/${task.id}`, {
        token: bob.token,
        body: { title: "Hijacked" },
      }),
      404,
      "NOT_FOUND",
      "Task not found.",
    );
    expectEnvelope(
      await call(app, "PATCH", `/tasks/${task.id}`, { token: readToken, body: { title: "Nope" } }),
      403,
      "FORBIDDEN",
    );
    expectEnvelope(
      await call(app, "PATCH", `/tasks/${task.id}`, { body: { title: "Nope" } }),
      401,
      "UNAUTHORIZED",
    );
    expect((await call(app, "GET", `/tasks/${task.id}`, { token: alice.token })).body.title).toBe(
      "Final",
    );
  });

  it("DELETE /tasks/{id}: 204 with an empty body; then 404; another user's 404; 403 read-only token; 401 anonymous", async () => {
    const task = await createTask(alice, { title: "Throwaway" });
    expectEnvelope(
      await call(app, "DELETE", `/tasks/${task.id}`, { token: bob.token }),
      404,
      "NOT_FOUND",
      "Task not found.",
    );
    expectEnvelope(
      await call(app, "DELETE", `/tasks/${task.id}`, { token: readToken }),
      403,
      "FORBIDDEN",
    );
    expectEnvelope(await call(app, "DELETE", `/tasks/${task.id}`), 401, "UNAUTHORIZED");
    const res = await call(app, "DELETE", `/tasks/${task.id}`, { token: alice.token });
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expectEnvelope(
      await call(app, "DELETE", `/tasks/${task.id}`, { token: alice.token }),
      404,
      "NOT_FOUND",
      "Task not found.",
    );
  });
});

describe("REST: tokens (session only)", () => {
  it("GET /tokens: 200 for the session, without secrets; 403 for an API token; 401 anonymous", async () => {
    const res = await call(app, "GET", "/tokens", { cookie: aliceCookie });
    expect(res.status, res.text).toBe(200);
    expect(res.body.items.length).toBeGreaterThanOrEqual(2);
    expect(res.text).not.toContain(readToken);
    for (const item of res.body.items) expect(item).not.toHaveProperty("token");
    expectEnvelope(
      await call(app, "GET", "/tokens", { token: alice.token }),
      403,
      "FORBIDDEN",
      "API tokens can only call task endpoints; sign in to do this.",
    );
    expectEnvelope(await call(app, "GET", "/tokens"), 401, "UNAUTHORIZED");
  });

  it("POST /tokens: 201 with the secret once; 400 invalid; 403 for an API token", async () => {
    const res = await call(app, "POST", "/tokens", {
      cookie: aliceCookie,
      body: { name: "ci", scopes: ["tasks:read", "tasks:write"], expiresInDays: 7 },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      name: "ci",
      scopes: ["tasks:read", "tasks:write"],
      token: expect.any(String),
    });
    expect((await call(app, "GET", "/tasks", { token: res.body.token })).status).toBe(200);
    const fields = expectEnvelope(
      await call(app, "POST", "/tokens", {
        cookie: aliceCookie,
        body: { name: "bad", scopes: [] },
      }),
      400,
      "BAD_REQUEST",
    );
    expect(fields).toEqual({ scopes: ["Pick at least one scope."] });
    expectEnvelope(
      await call(app, "POST", "/tokens", {
        token: alice.token,
        body: { name: "minted", scopes: ["tasks:write"] },
      }),
      403,
      "FORBIDDEN",
    );
  });

  it("DELETE /tokens/{id}: 204 empty, the token stops working; another user's or unknown id is 404", async () => {
    const created = await call(app, "POST", "/tokens", {
      cookie: aliceCookie,
      body: { name: "short lived", scopes: ["tasks:read"] },
    });
    expectEnvelope(
      await call(app, "DELETE", `/tokens/${created.body.id}`, {
        cookie: await sessionCookie(app, bob.username),
      }),
      404,
      "NOT_FOUND",
      "No such API token.",
    );
    const res = await call(app, "DELETE", `/tokens/${created.body.id}`, { cookie: aliceCookie });
    expect(res.status, res.text).toBe(204);
    expect(res.text).toBe("");
    expectEnvelope(
      await call(app, "GET", "/tasks", { token: created.body.token }),
      401,
      "UNAUTHORIZED",
    );
    expectEnvelope(
      await call(app, "DELETE", "/tokens/unknown-id", { cookie: aliceCookie }),
      404,
      "NOT_FOUND",
    );
    expectEnvelope(await call(app, "DELETE", `/tokens/${created.body.id}`), 401, "UNAUTHORIZED");
  });
});

describe("REST: admin (admins only)", () => {
  let adminCookie: string;
  let adminToken: string;
  beforeAll(async () => {
    const admin = await newUser(app, "admin");
    await app.database.db.user.update({ where: { id: admin.id }, data: { role: "ADMIN" } });
    adminCookie = await sessionCookie(app, admin.username);
    adminToken = admin.token;
  });

  it("GET /admin/users: 200 paginated for an admin; 403 for a user; 401 anonymous; 400 bad page", async () => {
    const res = await call(app, "GET", `/admin/users?search=${alice.username}`, {
      cookie: adminCookie,
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      page: 1,
      total: 1,
      items: [{ id: alice.id, username: alice.username, role: "USER", disabled: false }],
    });
    expectEnvelope(
      await call(app, "GET", "/admin/users", { cookie: aliceCookie }),
      403,
      "FORBIDDEN",
      "This needs the admin role.",
    );
    expectEnvelope(await call(app, "GET", "/admin/users"), 401, "UNAUTHORIZED");
    expectEnvelope(
      await call(app, "GET", "/admin/users?page=0", { cookie: adminCookie }),
      400,
      "BAD_REQUEST",
    );
  });

  it("PATCH /admin/users/{id}: 200 disables (the user's token stops working); 400 empty; 404 unknown; 403 for a user", async () => {
    const victim = await newUser(app, "victim");
    const res = await call(app, "PATCH", `/admin/users/${victim.id}`, {
      cookie: adminCookie,
      body: { disabled: true },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ id: victim.id, disabled: true });
    expectEnvelope(await call(app, "GET", "/tasks", { token: victim.token }), 401, "UNAUTHORIZED");
    expectEnvelope(
      await call(app, "PATCH", `/admin/users/${victim.id}`, { cookie: adminCookie, body: {} }),
      400,
      "BAD_REQUEST",
    );
    expectEnvelope(
      await call(app, "PATCH", "/admin/users/nobody", {
        cookie: adminCookie,
        body: { role: "ADMIN" },
      }),
      404,
      "NOT_FOUND",
    );
    expectEnvelope(
      await call(app, "PATCH", `/admin/users/${victim.id}`, {
        cookie: aliceCookie,
        body: { disabled: false },
      }),
      403,
      "FORBIDDEN",
    );
  });

  it("GET /admin/audit: 200 with events; 403 for a user", async () => {
    const res = await call(app, "GET", "/admin/audit?action=auth.register&pageSize=5", {
      cookie: adminCookie,
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((e: { action: string }) => e.action === "auth.register")).toBe(
      true,
    );
    expectEnvelope(
      await call(app, "GET", "/admin/audit", { cookie: aliceCookie }),
      403,
      "FORBIDDEN",
    );
  });

  it("GET /admin/security: 200 with 168 hours and the top addresses; 403 for a user and for an admin's token; 401 anonymous", async () => {
    const res = await call(app, "GET", "/admin/security", { cookie: adminCookie });
    expect(res.status, res.text).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(["generatedAt", "hours", "topAddresses"]);
    expect(res.body.hours).toHaveLength(168);
    expect(Object.keys(res.body.hours[0]).sort()).toEqual([
      "authzDenied",
      "csrfBlocked",
      "rateLimited",
      "signInFailures",
      "start",
    ]);
    for (const as of [{ cookie: aliceCookie }, { token: adminToken }])
      expectEnvelope(await call(app, "GET", "/admin/security", as), 403, "FORBIDDEN");
    expectEnvelope(await call(app, "GET", "/admin/security"), 401, "UNAUTHORIZED");
  });
});

describe("REST: 429", () => {
  let limited: RestApp;
  beforeAll(async () => {
    limited = await startRestApp({ RATE_LIMIT_ANON: "2/1m", RATE_LIMIT_AUTH: "2/15m" });
  });
  afterAll(async () => {
    await limited?.stop();
  });

  it("over the anonymous limit: 429 envelope with the contract's message and Retry-After / X-RateLimit-* headers", async () => {
    expectEnvelope(await call(limited, "GET", "/tasks"), 401, "UNAUTHORIZED");
    expectEnvelope(await call(limited, "GET", "/tasks"), 401, "UNAUTHORIZED");
    const res = await call(limited, "GET", "/tasks");
    expectEnvelope(
      res,
      429,
      "TOO_MANY_REQUESTS",
      /^Request was throttled\. Expected available in \d+ seconds\.$/,
    );
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(res.headers.get("x-ratelimit-limit")).toBe("2");
    expect(res.headers.get("x-ratelimit-remaining")).toBe("0");
  });

  it("register and login are on the auth tier: the third attempt is 429", async () => {
    const body = { username: uniqueName("burst"), password: PASSWORD };
    expect((await call(limited, "POST", "/auth/register", { body })).status).toBe(201);
    expect((await call(limited, "POST", "/auth/login", { body })).status).toBe(200);
    expectEnvelope(await call(limited, "POST", "/auth/login", { body }), 429, "TOO_MANY_REQUESTS");
  });
});
