// Logs of the production build, read from LOG_FILE and stdout: one request line per
// request, security events with the request id, every refusal (401, 403, 429, CSRF)
// findable by its id, no secret ever written, and no forged lines.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credentialsSignIn } from "../client";
import { call, sessionCookie, uniqueName } from "../rest/helpers";
import {
  linesFor,
  send,
  startHardenedApp,
  trpcMutation,
  trpcQuery,
  type Answer,
  type HardenedApp,
} from "./helpers";

const canary = (name: string) => `canary-${name}-${randomBytes(9).toString("hex")}`;
const PASSWORD = canary("password");
const ADMIN_PASSWORD = canary("adminpass");
const AUTH_SECRET = canary("authsecret-authsecret");
const BAD_TOKEN = `tf_${canary("badtoken")}`;

const ADMIN_USERNAME = uniqueName("admin");

let app: HardenedApp;
let username: string;
let token: string;
let cookie: string;
let adminCookie: string;

beforeAll(async () => {
  app = await startHardenedApp({
    AUTH_SECRET,
    ADMIN_USERNAME,
    ADMIN_PASSWORD,
    RATE_LIMIT_AUTH: "8/1m",
  });
  username = uniqueName("logs");
  expect(
    (await call(app, "POST", "/auth/register", { body: { username, password: PASSWORD } })).status,
  ).toBe(201);
  const login = await call(app, "POST", "/auth/login", { body: { username, password: PASSWORD } });
  expect(login.status).toBe(200);
  token = login.body.token;
  cookie = await sessionCookie(app, username, PASSWORD);
  // Before the 429 test below fills this IP's sign-in bucket.
  adminCookie = await sessionCookie(app, ADMIN_USERNAME, ADMIN_PASSWORD);
});

afterAll(async () => {
  await app?.stop();
});

/** Exactly one request line for this answer, with every contract field; returns the id. */
async function expectRequestLine(
  res: Answer,
  status: number,
  userId: "some" | null,
  path: string | RegExp = /^\/api\//,
): Promise<string> {
  expect(res.status, res.text).toBe(status);
  const requestId = res.headers.get("x-request-id")!;
  const lines = await linesFor(app, requestId, (l) => l.msg === "request");
  expect(lines, requestId).toHaveLength(1);
  const line = lines[0]!;
  expect(line).toMatchObject({
    requestId,
    status,
    level: status >= 500 ? "error" : "info",
    method: expect.any(String),
    path: typeof path === "string" ? path : expect.stringMatching(path),
    ip: "127.0.0.1",
  });
  expect(typeof line.durationMs).toBe("number");
  expect(new Date(line.time as string).toString()).not.toBe("Invalid Date");
  if (userId) expect(line.userId).toEqual(expect.any(String));
  else expect(line.userId).toBeNull();
  return requestId;
}

async function expectEvent(requestId: string, event: string) {
  const events = await linesFor(app, requestId, (l) => l.event === event);
  expect(events, `${event} for ${requestId}`).toHaveLength(1);
}

describe("logs (npm start, LOG_FILE)", () => {
  it("logs: a request line per request, with the procedure for tRPC and the user for signed-in callers", async () => {
    const res = await trpcQuery(app, "task.list", {}, { authorization: `Bearer ${token}` });
    const id = await expectRequestLine(res, 200, "some");
    expect((await linesFor(app, id))[0]).toMatchObject({
      method: "GET",
      path: "/api/trpc/task.list",
      procedure: "task.list",
    });
    await expectRequestLine(
      await call(app, "POST", "/tasks", { token, body: { title: "Logged task" } }),
      201,
      "some",
    );
  });

  it("logs: pages and the 404 page get their request line too (from the production server), without the query string", async () => {
    await expectRequestLine(
      await send(`${app.server.url}/login?callbackUrl=%2Ftasks`),
      200,
      null,
      "/login",
    );
    const missing = `/no-such-page-${randomBytes(4).toString("hex")}`;
    await expectRequestLine(await send(`${app.server.url}${missing}`), 404, null, missing);
  });

  it("logs: every 401 and 403 has its request line and one authz.denied event", async () => {
    await expectEvent(
      await expectRequestLine(await trpcQuery(app, "task.list", {}), 401, null),
      "authz.denied",
    );
    await expectEvent(
      await expectRequestLine(await call(app, "GET", "/tasks", { token: BAD_TOKEN }), 401, null),
      "authz.denied",
    );
    // An API token may not manage tokens; a non-admin may not read the admin area.
    await expectEvent(
      await expectRequestLine(await call(app, "GET", "/tokens", { token }), 403, "some"),
      "authz.denied",
    );
    await expectEvent(
      await expectRequestLine(await call(app, "GET", "/admin/users", { cookie }), 403, "some"),
      "authz.denied",
    );
  });

  it("logs: a CSRF refusal has its request line and one csrf.blocked event (not an authz.denied)", async () => {
    const id = await expectRequestLine(
      await trpcMutation(
        app,
        "task.create",
        { title: "Forged" },
        { cookie, origin: "https://evil.example" },
      ),
      403,
      "some",
    );
    await expectEvent(id, "csrf.blocked");
    expect(
      app.logLines().filter((l) => l.requestId === id && l.event === "authz.denied"),
    ).toHaveLength(0);
  });

  it("logs: a refused browser sign-in (next-auth) has its request line and an auth.login.failure event", async () => {
    const { answer: res } = await credentialsSignIn(app, username, `${PASSWORD}-wrong`);
    const requestId = res.headers.get("x-request-id")!;
    const lines = await linesFor(app, requestId, (l) => l.msg === "request");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      method: "POST",
      path: "/api/auth/callback/credentials",
      status: res.status,
    });
    await expectEvent(requestId, "auth.login.failure");
  });

  it("logs: 429s each have their request line; the first in the window also a ratelimit.blocked event", async () => {
    const refused: string[] = [];
    for (let i = 0; i < 12 && refused.length < 2; i++) {
      const res = await call(app, "POST", "/auth/login", {
        body: { username, password: `${PASSWORD}-wrong` },
      });
      if (res.status === 429) refused.push(await expectRequestLine(res, 429, null));
    }
    expect(refused).toHaveLength(2);
    // One event per bucket that filled (sign-in is limited per IP and per username).
    const events = await linesFor(app, refused[0]!, (l) => l.event === "ratelimit.blocked");
    const scopes = events.map((e) => (e.meta as { scope: string }).scope);
    expect(scopes.length).toBeGreaterThanOrEqual(1);
    expect(new Set(scopes).size).toBe(scopes.length);
  });

  it("logs: a user string cannot forge a log line", async () => {
    const forged = `x"}\n{"level":"info","event":"auth.login.success","requestId":"forged","msg":"auth.login.success"}\n`;
    await call(app, "POST", "/api/v1/../auth/login", {
      body: { username: forged, password: "whatever it is" },
    });
    await call(app, "GET", `/tasks%0A%7B%22requestId%22%3A%22forged%22%7D`, { token });
    await trpcQuery(app, `task.list%0A{"requestId":"forged"}`, {});
    await send(`${app.server.url}/login%0A%7B%22requestId%22%3A%22forged%22%7D`);
    // logLines() parses every line of LOG_FILE: a broken-up line would throw here.
    const lines = app.logLines();
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.filter((l) => l.requestId === "forged")).toHaveLength(0);
    expect(app.server.output()).not.toMatch(
      /^\{"level":"info","event":"auth.login.success","requestId":"forged"/m,
    );
  });

  it("logs: after all of the above, no password, token, session cookie or secret appears in stdout or LOG_FILE", async () => {
    // Use every secret once more, in the places a careless logger would copy it from.
    await call(app, "GET", "/tasks", { token, headers: { cookie } });
    await send(`${app.server.url}/tasks?token=${token}`, {
      headers: { cookie, authorization: `Bearer ${token}` },
    });
    await call(app, "POST", "/auth/login", { body: { username, password: PASSWORD } });
    await trpcQuery(app, "task.list", { search: "x" }, { authorization: `Token ${token}`, cookie });
    const created = await call(app, "POST", "/tokens", {
      cookie,
      body: { name: "canary", scopes: ["tasks:read"] },
    });
    expect(created.status, created.text).toBe(201);
    const createdSecret = created.body.token as string;
    expect(typeof createdSecret).toBe("string");
    expect((await call(app, "DELETE", `/tokens/${created.body.id}`, { cookie })).status).toBe(204);
    const me = await app.database.db.user.findFirstOrThrow({ where: { username } });
    expect(
      (
        await call(app, "PATCH", `/admin/users/${me.id}`, {
          cookie: adminCookie,
          body: { disabled: false },
        })
      ).status,
    ).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    const cookieValue = cookie.slice(cookie.indexOf("=") + 1);
    const everything = `${app.server.output()}\n${readFileSync(app.logFile, "utf8")}`;
    expect(everything.length).toBeGreaterThan(1000);
    const adminCookieValue = adminCookie.slice(adminCookie.indexOf("=") + 1);
    for (const [name, secret] of Object.entries({
      PASSWORD,
      ADMIN_PASSWORD,
      AUTH_SECRET,
      BAD_TOKEN,
      token,
      cookieValue,
      createdSecret,
      adminCookieValue,
    })) {
      expect(everything.includes(secret), `${name} leaked into the logs`).toBe(false);
    }
    // The events the contract lists were written along the way.
    const events = new Set(app.logLines().map((l) => l.event));
    for (const event of [
      "auth.register",
      "auth.login.success",
      "auth.login.failure",
      "token.create",
      "token.revoke",
      "admin.user.update",
      "authz.denied",
      "csrf.blocked",
      "ratelimit.blocked",
    ]) {
      expect(events, event).toContain(event);
    }
  });
});
