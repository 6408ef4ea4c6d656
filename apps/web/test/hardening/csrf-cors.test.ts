// CSRF and CORS over real HTTP against the production build: a cookie session's writes
// count only from the app's own origin or an allow-listed one; tokens are exempt; other
// origins can neither write with the cookie nor read the answers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, expectEnvelope, newUser, sessionCookie, type User } from "../rest/helpers";
import {
  linesFor,
  send,
  startHardenedApp,
  trpcMutation,
  trpcQuery,
  type Answer,
  type HardenedApp,
} from "./helpers";

const FRIEND = "https://friend.example";

let app: HardenedApp;
let user: User;
let cookie: string;

beforeAll(async () => {
  app = await startHardenedApp({ CORS_ALLOWED_ORIGINS: `${FRIEND}, https://other-friend.example` });
  user = await newUser(app, "csrf");
  cookie = await sessionCookie(app, user.username);
});

afterAll(async () => {
  await app?.stop();
});

const taskCount = () => app.database.db.task.count({ where: { ownerId: user.id } });

/** The refusal: tRPC's error with the contract fields, the id in X-Request-Id, one csrf.blocked line and audit row. */
async function expectCsrfRefusal(res: Answer) {
  expect(res.status, res.text).toBe(403);
  const requestId = res.headers.get("x-request-id")!;
  const error = res.body.error?.data ?? res.body.error;
  expect(error).toMatchObject({ code: "FORBIDDEN", requestId });
  expect(res.headers.get("access-control-allow-origin")).toBeNull();
  const lines = await linesFor(app, requestId, (l) => l.event === "csrf.blocked");
  expect(lines).toHaveLength(1);
  // The same refusal is not also counted as an authz.denied.
  expect(
    app.logLines().filter((l) => l.requestId === requestId && l.event === "authz.denied"),
  ).toHaveLength(0);
  await expect
    .poll(() => app.database.db.auditEvent.count({ where: { requestId, action: "csrf.blocked" } }))
    .toBe(1);
}

describe("CSRF: cookie-authenticated writes", () => {
  it("csrf: a tRPC mutation from an evil origin, from Origin null and from the app's host with the wrong scheme is 403 and logged; nothing is written", async () => {
    const before = await taskCount();
    const wrongScheme = app.server.url.replace("http://", "https://");
    for (const origin of [
      "https://evil.example",
      "null",
      wrongScheme,
      `${app.server.url}.evil.example`,
    ]) {
      await expectCsrfRefusal(
        await trpcMutation(app, "task.create", { title: "Forged task" }, { cookie, origin }),
      );
    }
    expect(await taskCount()).toBe(before);
  });

  it("csrf: without Origin only Sec-Fetch-Site: same-origin passes", async () => {
    await expectCsrfRefusal(
      await trpcMutation(app, "task.create", { title: "No origin" }, { cookie }),
    );
    await expectCsrfRefusal(
      await trpcMutation(
        app,
        "task.create",
        { title: "Cross site" },
        { cookie, "sec-fetch-site": "cross-site" },
      ),
    );
    await expectCsrfRefusal(
      await trpcMutation(
        app,
        "task.create",
        { title: "Same site" },
        { cookie, "sec-fetch-site": "same-site" },
      ),
    );
    const ok = await trpcMutation(
      app,
      "task.create",
      { title: "Same origin" },
      { cookie, "sec-fetch-site": "same-origin" },
    );
    expect(ok.status, ok.text).toBe(200);
  });

  it("csrf: form and binary bodies (no preflight needed) from a foreign origin are refused before anything runs", async () => {
    const before = await taskCount();
    const form = new FormData();
    form.set("title", "Form forged");
    await expectCsrfRefusal(
      await send(`${app.server.url}/api/trpc/task.create`, {
        method: "POST",
        headers: { cookie, origin: "https://evil.example" },
        body: form,
      }),
    );
    await expectCsrfRefusal(
      await trpcMutation(
        app,
        "task.create",
        undefined,
        { cookie, origin: "https://evil.example", "content-type": "application/octet-stream" },
        new Uint8Array([1, 2, 3]),
      ),
    );
    // A text/plain body (the third kind a form can send) is no tRPC input at all.
    const text = await trpcMutation(
      app,
      "task.create",
      undefined,
      { cookie, origin: "https://evil.example", "content-type": "text/plain" },
      '{"title":"Text forged"}',
    );
    expect(text.status).toBe(415);
    expect(await taskCount()).toBe(before);
  });

  it("csrf: REST POST, PATCH and DELETE with the cookie from a foreign origin are 403 envelopes; the task is untouched", async () => {
    const created = await call(app, "POST", "/tasks", {
      token: user.token,
      body: { title: "Keep me" },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const evil = { cookie, origin: "https://evil.example" };
    for (const [method, path, body] of [
      ["POST", "/tasks", { title: "Forged" }],
      ["PATCH", `/tasks/${id}`, { title: "Forged" }],
      ["DELETE", `/tasks/${id}`, undefined],
    ] as const) {
      const res = await call(app, method, path, { headers: evil, body });
      expectEnvelope(res, 403, "FORBIDDEN");
      await expectCsrfRefusal(res);
    }
    const task = await app.database.db.task.findUnique({ where: { id } });
    expect(task?.title).toBe("Keep me");
  });

  it("csrf: the same writes from the app's origin and from an allow-listed origin work", async () => {
    const own = await trpcMutation(
      app,
      "task.create",
      { title: "Own origin" },
      { cookie, origin: app.server.url },
    );
    expect(own.status, own.text).toBe(200);
    const friend = await trpcMutation(
      app,
      "task.create",
      { title: "Friend origin" },
      { cookie, origin: FRIEND },
    );
    expect(friend.status, friend.text).toBe(200);
    expect(friend.headers.get("access-control-allow-origin")).toBe(FRIEND);
    expect(friend.headers.get("access-control-allow-credentials")).toBe("true");
    const rest = await call(app, "POST", "/tasks", {
      headers: { cookie, origin: FRIEND },
      body: { title: "Friend rest" },
    });
    expect(rest.status, rest.text).toBe(201);
  });

  it("csrf: token-authenticated writes are exempt, whatever the Origin", async () => {
    const res = await call(app, "POST", "/tasks", {
      token: user.token,
      headers: { origin: "https://evil.example" },
      body: { title: "Script task" },
    });
    expect(res.status, res.text).toBe(201);
    const viaTrpc = await trpcMutation(
      app,
      "task.create",
      { title: "Script trpc" },
      { authorization: `Bearer ${user.token}`, origin: "null" },
    );
    expect(viaTrpc.status, viaTrpc.text).toBe(200);
  });

  it("csrf: a mutation called with GET is 405, and nothing is written", async () => {
    const before = await taskCount();
    const res = await trpcQuery(
      app,
      "task.create",
      { title: "Via GET" },
      { cookie, origin: app.server.url },
    );
    expect(res.status, res.text).toBe(405);
    expect(res.body.error.data).toMatchObject({
      code: "METHOD_NOT_SUPPORTED",
      requestId: res.headers.get("x-request-id"),
    });
    expect(await taskCount()).toBe(before);
  });
});

describe("CORS", () => {
  const preflight = (path: string, origin: string) =>
    send(`${app.server.url}${path}`, {
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });

  it("cors: a preflight from a foreign origin gets no Access-Control-Allow-Origin on /api/trpc or /api/v1", async () => {
    for (const path of ["/api/trpc/task.create", "/api/v1/tasks"]) {
      for (const origin of [
        "https://evil.example",
        "null",
        "https://friend.example.evil.example",
      ]) {
        const res = await preflight(path, origin);
        expect(res.status).toBeLessThan(300);
        expect(res.headers.get("access-control-allow-origin"), `${path} ${origin}`).toBeNull();
        expect(res.headers.get("access-control-allow-credentials")).toBeNull();
        expect(res.headers.get("vary")).toMatch(/Origin/);
        expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      }
    }
  });

  it("cors: a preflight from an allow-listed origin is answered with that exact origin, credentials and the methods", async () => {
    for (const [path, methods] of [
      ["/api/trpc/task.create", "POST"],
      ["/api/v1/tasks", "PATCH"],
    ] as const) {
      const res = await preflight(path, FRIEND);
      expect(res.status).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe(FRIEND);
      expect(res.headers.get("access-control-allow-credentials")).toBe("true");
      expect(res.headers.get("access-control-allow-methods")).toContain(methods);
      expect(res.headers.get("access-control-allow-headers")).toContain("content-type");
      expect(res.headers.get("vary")).toMatch(/Origin/);
    }
  });

  it("cors: answers never carry * or a foreign origin, and always Vary: Origin", async () => {
    for (const origin of ["https://evil.example", "null", FRIEND]) {
      const trpc = await trpcQuery(app, "task.list", {}, { cookie, origin });
      const rest = await call(app, "GET", "/tasks", { headers: { cookie, origin } });
      for (const res of [trpc, rest]) {
        expect(res.status).toBe(200); // reads are not CSRF; the browser simply may not show them to the page
        expect(res.headers.get("vary")).toMatch(/Origin/);
        expect(res.headers.get("access-control-allow-origin")).toBe(
          origin === FRIEND ? FRIEND : null,
        );
      }
    }
  });
});
