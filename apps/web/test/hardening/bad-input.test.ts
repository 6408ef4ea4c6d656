// Hostile and malformed input over real HTTP against the production build: every answer
// is a 4xx in the contract's shape, never a 500; what is stored comes back byte for byte.
import { readFileSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "@taskfort/api";
import { MAX_BODY_BYTES, REFUSED_BODY_DISCARD_BYTES } from "@taskfort/api/limits";
import { call, expectEnvelope, newUser, sessionCookie, type User } from "../rest/helpers";
import { send, startHardenedApp, trpcMutation, trpcQuery, type HardenedApp } from "./helpers";

/** The most a loopback connection's kernel buffers can hold (Linux's autotuning maxima; 64 MB elsewhere). */
function kernelBufferBytes(): number {
  const max = (file: string) => Number(readFileSync(file, "utf8").trim().split(/\s+/).at(-1));
  try {
    return max("/proc/sys/net/ipv4/tcp_rmem") + max("/proc/sys/net/ipv4/tcp_wmem");
  } catch {
    return 64 * 1024 * 1024;
  }
}

let app: HardenedApp;
let user: User;
let cookie: string;

beforeAll(async () => {
  app = await startHardenedApp();
  user = await newUser(app, "bad");
  cookie = await sessionCookie(app, user.username);
});

afterAll(async () => {
  await app?.stop();
});

const MB = 1024 * 1024;

/** POST `total` bytes with chunked encoding (no Content-Length); resolves with the status as soon as the server answers. */
function postChunked(
  url: string,
  total: number,
  headers: Record<string, string>,
  agent?: Agent,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: "POST", agent, headers: { ...headers, "transfer-encoding": "chunked" } },
      (res) => {
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.resume();
      },
    );
    req.on("error", reject);
    const chunk = Buffer.alloc(16 * 1024, "a");
    let sent = 0;
    const pump = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      req.end();
    };
    // The server may answer and close before we finish sending: that is the point.
    req.on("close", () => (sent = total));
    pump();
  });
}

const json = { "content-type": "application/json" };
const bearer = () => ({ authorization: `Bearer ${user.token}` });

describe("bad input never gets a 500", () => {
  it("input: invalid JSON is 400 on tRPC and REST", async () => {
    for (const body of ["{bad", '{"title": "unterminated', "", "\u0000"]) {
      const trpc = await trpcMutation(app, "task.create", undefined, bearer(), body);
      expect(trpc.status, `${JSON.stringify(body)}: ${trpc.text}`).toBe(400);
      expect(trpc.body.error.data.requestId).toBe(trpc.headers.get("x-request-id"));
      const rest = await call(app, "POST", "/tasks", { token: user.token, body });
      expectEnvelope(rest, 400, "BAD_REQUEST");
    }
  });

  it("input: a wrong content type is 415 (or 400), never 500", async () => {
    for (const type of [
      "text/plain",
      "application/xml",
      "image/png",
      "multipart/form-data; boundary=x",
      "application/x-www-form-urlencoded",
    ]) {
      const rest = await call(app, "POST", "/tasks", {
        token: user.token,
        body: '{"title":"Typed"}',
        headers: { "content-type": type },
      });
      expect([400, 415], `${type}: ${rest.text}`).toContain(rest.status);
      const trpc = await trpcMutation(
        app,
        "task.create",
        undefined,
        { ...bearer(), "content-type": type },
        '{"title":"Typed"}',
      );
      expect([400, 415], `${type}: ${trpc.text}`).toContain(trpc.status);
    }
  });

  it("input: a 1 MB body is 413 with Content-Length and without it (chunked), on tRPC and REST", async () => {
    const big = JSON.stringify({ title: "Big", description: "x".repeat(MB) });
    for (const path of ["/api/trpc/task.create", "/api/v1/tasks"]) {
      const declared = await send(`${app.server.url}${path}`, {
        method: "POST",
        headers: { ...json, ...bearer() },
        body: big,
      });
      expect(declared.status, path).toBe(413);
      expect(declared.body.error.code).toBe("PAYLOAD_TOO_LARGE");
      expect(declared.body.error.requestId).toBe(declared.headers.get("x-request-id"));
      expect(
        await postChunked(`${app.server.url}${path}`, MB, { ...json, ...bearer() }),
        path,
      ).toBe(413);
      // A lying Content-Length (small) with a big body is counted, not believed.
      expect(
        await postChunked(`${app.server.url}${path}`, 2 * MAX_BODY_BYTES, { ...json, ...bearer() }),
        path,
      ).toBe(413);
    }
    // Just under the cap is parsed as usual (here: a description over its own limit → 400, not 413).
    const under = JSON.stringify({ title: "Under", description: "x".repeat(MAX_BODY_BYTES - 100) });
    expectEnvelope(
      await call(app, "POST", "/tasks", { token: user.token, body: under }),
      400,
      "BAD_REQUEST",
    );
  });

  it("input: refused uploads leave a keep-alive connection usable: ten in a row on one socket are each 413", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let i = 0; i < 10; i++)
        expect(
          await postChunked(
            `${app.server.url}/api/trpc/task.create`,
            (i % 2 ? 1 : 0.2) * MB,
            {
              ...json,
              ...bearer(),
            },
            agent,
          ),
          `upload ${i + 1}`,
        ).toBe(413);
    } finally {
      agent.destroy();
    }
  });

  it("input: after a 413 the server reads at most REFUSED_BODY_DISCARD_BYTES more of an endless upload, then cuts the connection", async () => {
    // What the client manages to write is what the server read plus what the kernel holds for
    // it: the receiving socket's buffer grows up to tcp_rmem's maximum (32 MB on these
    // machines) and the sending one's up to tcp_wmem's. "Endless" is twice all of that, so
    // only a server that kept reading lets the whole upload through.
    const endless = 2 * (REFUSED_BODY_DISCARD_BYTES + kernelBufferBytes());
    const written = await new Promise<number>((resolve) => {
      const req = httpRequest(`${app.server.url}/api/v1/tasks`, {
        method: "POST",
        headers: { ...json, ...bearer(), "transfer-encoding": "chunked" },
      });
      const chunk = Buffer.alloc(64 * 1024, "a");
      let sent = 0;
      let closed = false;
      req.on("error", () => {});
      req.on("response", (res) => res.resume());
      req.on("close", () => {
        closed = true;
        resolve(sent);
      });
      const pump = () => {
        while (!closed && sent < endless) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
        if (!closed) req.end();
      };
      pump();
    });
    expect(written).toBeLessThan(endless);
    // The server is unharmed: the next request is answered as usual.
    expect((await call(app, "GET", "/tasks", { token: user.token })).status).toBe(200);
  });

  it("input: JSON nested 100,000 deep is refused (413: it exceeds the cap) and 45,000 deep within the cap is 400", async () => {
    const deep = (n: number) => `{"title":${"[".repeat(n)}${"]".repeat(n)}}`;
    for (const [depth, status] of [
      [100_000, 413],
      [45_000, 400],
    ] as const) {
      // Not a CPU sink either: each answer comes quickly.
      const started = Date.now();
      const rest = await call(app, "POST", "/tasks", { token: user.token, body: deep(depth) });
      expect(rest.status, `${depth}: ${rest.text.slice(0, 200)}`).toBe(status);
      const trpc = await trpcMutation(app, "task.create", undefined, bearer(), deep(depth));
      expect(trpc.status, `${depth}: ${trpc.text.slice(0, 200)}`).toBe(status);
      const objects = `{"title":"Deep","description":${'{"a":'.repeat(depth / 5)}1${"}".repeat(depth / 5)}}`;
      expect(
        (await call(app, "POST", "/tasks", { token: user.token, body: objects })).status,
      ).toBeLessThan(500);
      expect(Date.now() - started, `${depth} deep`).toBeLessThan(10_000);
    }
    // The server is still fine afterwards.
    expect((await call(app, "GET", "/tasks", { token: user.token })).status).toBe(200);
  });

  it("input: wrong types are 400 with the field named", async () => {
    for (const body of [
      { title: 123 },
      { title: "Fine title", completed: "yes" },
      { title: ["a"] },
      { title: null },
      { title: "Fine title", description: {} },
      [1, 2],
      "title",
      42,
    ]) {
      const res = await call(app, "POST", "/tasks", {
        token: user.token,
        body: JSON.stringify(body),
      });
      expectEnvelope(res, 400, "BAD_REQUEST");
    }
    const fields = expectEnvelope(
      await call(app, "POST", "/tasks", {
        token: user.token,
        body: { title: 123, completed: "yes" },
      }),
      400,
      "BAD_REQUEST",
    );
    expect(Object.keys(fields ?? {}).sort()).toEqual(["completed", "title"]);
    expectEnvelope(
      await call(app, "GET", "/tasks?pageSize=abc&page=-1", { token: user.token }),
      400,
      "BAD_REQUEST",
    );
  });

  it("input: NUL bytes anywhere (body, search, key) are 400, on tRPC and REST", async () => {
    const before = await app.database.db.task.count({ where: { ownerId: user.id } });
    for (const body of [
      { title: "Nul\u0000title" },
      { title: "Fine title", description: "before\u0000after" },
      { title: "Fine title", ["x\u0000"]: 1 },
    ]) {
      const fields = expectEnvelope(
        await call(app, "POST", "/tasks", { token: user.token, body }),
        400,
        "BAD_REQUEST",
      );
      expect(fields, JSON.stringify(body)).toBeDefined();
      expect((await trpcMutation(app, "task.create", body, bearer())).status).toBe(400);
    }
    expectEnvelope(
      await call(app, "GET", `/tasks?search=${encodeURIComponent("a\u0000b")}`, {
        token: user.token,
      }),
      400,
      "BAD_REQUEST",
    );
    expect((await trpcQuery(app, "task.list", { search: "a\u0000b" }, bearer())).status).toBe(400);
    const login = await call(app, "POST", "/auth/login", {
      body: { username: "nul\u0000user", password: "whatever password" },
    });
    expectEnvelope(login, 400, "BAD_REQUEST");
    expect(await app.database.db.task.count({ where: { ownerId: user.id } })).toBe(before);
  });

  it("input: __proto__, constructor and prototype keys are rejected, and no prototype is polluted afterwards", async () => {
    const payloads = [
      '{"title":"Polluter","__proto__":{"completed":true,"role":"ADMIN","polluted":"yes"}}',
      '{"title":"Polluter","constructor":{"prototype":{"completed":true,"role":"ADMIN"}}}',
      '{"title":"Polluter","description":"x","prototype":{"completed":true}}',
      '{"data":{"__proto__":{"completed":true}},"id":"x"}',
    ];
    for (const body of payloads) {
      expectEnvelope(
        await call(app, "POST", "/tasks", { token: user.token, body }),
        400,
        "BAD_REQUEST",
      );
      expectEnvelope(
        await call(app, "POST", "/auth/register", {
          body: body.replace(
            '"title":"Polluter"',
            `"username":"polluter_${Date.now()}","password":"a perfectly decent passphrase 7"`,
          ),
        }),
        400,
        "BAD_REQUEST",
      );
      expect((await trpcMutation(app, "task.create", undefined, bearer(), body)).status).toBe(400);
      expect(
        (
          await trpcMutation(
            app,
            "task.update",
            undefined,
            { cookie, origin: app.server.url },
            body,
          )
        ).status,
      ).toBe(400);
    }
    // Had Object.prototype gained completed/role, a plain create would inherit them.
    const created = await call(app, "POST", "/tasks", {
      token: user.token,
      body: { title: "After pollution" },
    });
    expect(created.status).toBe(201);
    expect(created.body.completed).toBe(false);
    expect(created.body).not.toHaveProperty("polluted");
    const fresh = await newUser(app, "afterpollution");
    expect((await app.database.db.user.findUniqueOrThrow({ where: { id: fresh.id } })).role).toBe(
      "USER",
    );
  });

  it("input: SQL-looking strings are stored verbatim and the tables stay intact", async () => {
    const sql = [
      `'); DROP TABLE "Task"; --`,
      `1' OR '1'='1`,
      `"; DELETE FROM "User" WHERE ''='`,
      `%_\\%' UNION SELECT * FROM "ApiToken" --`,
    ];
    const users = await app.database.db.user.count();
    for (const description of sql) {
      const created = await call(app, "POST", "/tasks", {
        token: user.token,
        body: { title: "Sql probe", description },
      });
      expect(created.status, created.text).toBe(201);
      expect(
        (await call(app, "GET", `/tasks/${created.body.id}`, { token: user.token })).body
          .description,
      ).toBe(description);
      const found = await call(
        app,
        "GET",
        `/tasks?search=${encodeURIComponent(description)}&pageSize=100`,
        { token: user.token },
      );
      expect(found.status).toBe(200);
      for (const item of found.body.items)
        expect(`${item.title}\n${item.description}`.toLowerCase()).toContain(
          description.toLowerCase(),
        );
    }
    expect(await app.database.db.user.count()).toBe(users);
    expect(
      await app.database.db.task.count({ where: { ownerId: user.id, title: "Sql probe" } }),
    ).toBe(sql.length);
  });

  it("input: zero-width and right-to-left characters round-trip exactly", async () => {
    const title = "שלום עולם مرحبا";
    const description =
      "a\u200Bb\u200Cc\u200Dd\u2060e\uFEFFf \u202Egnp.exe\u202C \u200F\u200E\u2066x\u2069 \u{1F600}";
    const created = await call(app, "POST", "/tasks", {
      token: user.token,
      body: { title, description },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.title).toBe(title);
    expect(created.body.description).toBe(description);
    const viaTrpc = await trpcQuery(app, "task.get", { id: created.body.id }, bearer());
    expect(viaTrpc.body.result.data.description).toBe(description);
    const stored = await app.database.db.task.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(stored.description).toBe(description);
    expect(stored.title).toBe(title);
  });

  it("property: any JSON body to any procedure, by POST and by GET, signed in or not, is answered 2xx or 4xx", async () => {
    const procedures = Object.entries(
      appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>,
    ).map(([path, p]) => ({ path, type: p._def.type }));
    expect(procedures.length).toBeGreaterThan(10);
    const authVariants: Record<string, string>[] = [
      {},
      bearer(),
      { cookie, origin: app.server.url },
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...procedures),
        fc.jsonValue({ maxDepth: 4 }),
        fc.constantFrom(...authVariants),
        fc.boolean(),
        async (procedure, input, auth, asGet) => {
          const res = asGet
            ? await trpcQuery(app, procedure.path, input, auth)
            : await trpcMutation(app, procedure.path, input, auth);
          if (res.status >= 500)
            throw new Error(
              `${procedure.path} ${asGet ? "GET" : "POST"} ${JSON.stringify(input)} → ${res.status} ${res.text}`,
            );
          expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
        },
      ),
      { numRuns: 300 },
    );
    const restRoutes = [
      ["POST", "/tasks"],
      ["PATCH", "/tasks/x"],
      ["POST", "/tokens"],
      ["PATCH", "/admin/users/x"],
      ["POST", "/auth/login"],
      ["POST", "/auth/register"],
    ] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...restRoutes),
        fc.jsonValue({ maxDepth: 4 }),
        async ([method, path], body) => {
          const res = await call(app, method, path, {
            token: user.token,
            body: JSON.stringify(body),
          });
          if (res.status >= 500)
            throw new Error(
              `${method} ${path} ${JSON.stringify(body)} → ${res.status} ${res.text}`,
            );
        },
      ),
      { numRuns: 150 },
    );
  });

  it("property: any query string on any REST route and method, signed in or not, is answered 2xx or 4xx in the envelope", async () => {
    const routes = [
      ["GET", "/tasks"],
      ["GET", "/tasks/x"],
      ["DELETE", "/tasks/x"],
      ["GET", "/tokens"],
      ["GET", "/admin/users"],
      ["GET", "/admin/audit"],
      ["POST", "/tasks"],
      ["GET", "/nowhere"],
    ] as const;
    // Names attackers reach for (Object.prototype's own, prototype pollution) among random ones.
    const name = fc.oneof(
      fc.constantFrom(
        ...Object.getOwnPropertyNames(Object.prototype),
        "__proto__[x]",
        "constructor[prototype][x]",
        "page",
        "pageSize",
        "search",
        "completed",
        "ordering",
        "id",
      ),
      fc.string({ maxLength: 12 }),
    );
    const query = fc.array(fc.tuple(name, fc.string({ maxLength: 12 })), { maxLength: 5 });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        query,
        fc.boolean(),
        async ([method, path], pairs, signedIn) => {
          const qs = new URLSearchParams(pairs).toString();
          const res = await call(app, method, `${path}?${qs}`, {
            token: signedIn ? user.token : undefined,
            body: method === "POST" ? { title: "Query prop" } : undefined,
          });
          if (res.status >= 500)
            throw new Error(`${method} ${path}?${qs} → ${res.status} ${res.text}`);
          if (res.status >= 400) expectEnvelope(res, res.status, res.body.error.code);
        },
      ),
      { numRuns: 300 },
    );
  });
});
