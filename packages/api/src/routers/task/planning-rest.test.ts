// The planning API over real HTTP: a node:http server in front of the same handlers the
// web app mounts (handleApiRequest → handleRestRequest → the procedures), real API tokens
// and a real database. What only HTTP has: ETag / If-Match (412), attachments, text/csv
// bodies, the import's 1 MB body cap.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueApiToken } from "../../auth/api-token";
import { createContext } from "../../context";
import { IMPORT_MAX_BODY_BYTES, MAX_BODY_BYTES } from "../../limits";
import { handleApiRequest } from "../../middleware/api-request";
import { handleRestRequest } from "../../rest/handler";
import { createUser, useTestDatabase } from "../../test";

const db = useTestDatabase();
let server: Server;
let base: string;

beforeAll(async () => {
  let n = 0;
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const requestId = `req-${++n}`;
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const request = new Request(`http://127.0.0.1${req.url ?? "/"}`, {
        method: req.method,
        headers: Object.entries(req.headers).flatMap(([k, v]) =>
          typeof v === "string" ? [[k, v] as [string, string]] : [],
        ),
        body: hasBody && chunks.length ? Buffer.concat(chunks) : undefined,
      });
      void handleApiRequest(request, { requestId, methods: "GET, POST, PATCH, DELETE" }, (r) =>
        handleRestRequest({
          req: r,
          requestId,
          createContext: (resHeaders) =>
            createContext({
              db: db(),
              authorization: r.headers.get("authorization"),
              request: r,
              resHeaders,
              session: null,
              ip: "127.0.0.1",
              requestId,
            }),
        }),
      ).then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function newUser() {
  const user = await createUser(db());
  const { secret } = await issueApiToken(db(), user.id, {
    name: "script",
    scopes: ["tasks:read", "tasks:write"],
    expiresInDays: 1,
  });
  return { user, token: secret };
}

interface Call {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever came back
  body: any;
}

async function call(
  token: string,
  method: string,
  path: string,
  init: {
    json?: unknown;
    raw?: string;
    contentType?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Call> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...init.headers };
  let body: string | undefined;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers["content-type"] = "application/json";
  } else if (init.raw !== undefined) {
    body = init.raw;
    headers["content-type"] = init.contentType ?? "text/csv";
  }
  const res = await fetch(`${base}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

describe("REST: versions, ETag and If-Match", () => {
  it('every task response carries ETag "<version>"', async () => {
    const { token } = await newUser();
    const created = await call(token, "POST", "/tasks", {
      json: { title: "Tagged", priority: 2, labels: ["x"] },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.headers.get("etag")).toBe('"1"');
    const got = await call(token, "GET", `/tasks/${created.body.id}`);
    expect(got.headers.get("etag")).toBe('"1"');
    const patched = await call(token, "PATCH", `/tasks/${created.body.id}`, {
      json: { priority: 3 },
    });
    expect(patched.body.version).toBe(2);
    expect(patched.headers.get("etag")).toBe('"2"');
  });

  it("PATCH with a stale If-Match is 412 PRECONDITION_FAILED and changes nothing; a current one succeeds", async () => {
    const { token } = await newUser();
    const task = (await call(token, "POST", "/tasks", { json: { title: "Contested" } })).body;
    await call(token, "PATCH", `/tasks/${task.id}`, { json: { title: "First writer" } });
    const before = await db().task.findUniqueOrThrow({ where: { id: task.id } });
    const stale = await call(token, "PATCH", `/tasks/${task.id}`, {
      json: { title: "Second writer" },
      headers: { "if-match": '"1"' },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.error).toMatchObject({
      code: "PRECONDITION_FAILED",
      requestId: expect.any(String),
    });
    expect(await db().task.findUniqueOrThrow({ where: { id: task.id } })).toEqual(before);
    const weak = await call(token, "PATCH", `/tasks/${task.id}`, {
      json: { title: "Weak tag" },
      headers: { "if-match": 'W/"2"' },
    });
    expect(weak.status).toBe(412);
    const current = await call(token, "PATCH", `/tasks/${task.id}`, {
      json: { title: "Second writer" },
      headers: { "if-match": '"7", "2"' },
    });
    expect(current.status, current.text).toBe(200);
    expect(current.headers.get("etag")).toBe('"3"');
    const any = await call(token, "PATCH", `/tasks/${task.id}`, {
      json: { completed: true },
      headers: { "if-match": "*" },
    });
    expect(any.status).toBe(200);
  });

  it("DELETE with a stale If-Match is 412 and the task stays; with the current one it goes to the trash", async () => {
    const { token } = await newUser();
    const task = (await call(token, "POST", "/tasks", { json: { title: "Careful delete" } })).body;
    await call(token, "PATCH", `/tasks/${task.id}`, { json: { priority: 1 } });
    const stale = await call(token, "DELETE", `/tasks/${task.id}`, {
      headers: { "if-match": '"1"' },
    });
    expect(stale.status).toBe(412);
    expect((await db().task.findUniqueOrThrow({ where: { id: task.id } })).deletedAt).toBeNull();
    const ok = await call(token, "DELETE", `/tasks/${task.id}`, { headers: { "if-match": '"2"' } });
    expect(ok.status).toBe(204);
    expect(
      (await db().task.findUniqueOrThrow({ where: { id: task.id } })).deletedAt,
    ).toBeInstanceOf(Date);
  });

  it("another user's task with If-Match * is still 404, never 412", async () => {
    const a = await newUser();
    const b = await newUser();
    const task = (await call(a.token, "POST", "/tasks", { json: { title: "Not yours" } })).body;
    const res = await call(b.token, "PATCH", `/tasks/${task.id}`, {
      json: { title: "Mine" },
      headers: { "if-match": '"9"' },
    });
    expect(res.status).toBe(404);
    expect((await db().task.findUniqueOrThrow({ where: { id: task.id } })).title).toBe("Not yours");
  });
});

describe("REST: trash, bulk, labels, filters", () => {
  it("trash: delete → GET 404, listed in /tasks/trash, restore 200 with ETag, permanent delete 204", async () => {
    const { token } = await newUser();
    const task = (await call(token, "POST", "/tasks", { json: { title: "Round trip" } })).body;
    expect((await call(token, "DELETE", `/tasks/${task.id}`)).status).toBe(204);
    expect((await call(token, "GET", `/tasks/${task.id}`)).status).toBe(404);
    const trash = await call(token, "GET", "/tasks/trash");
    expect(trash.status, trash.text).toBe(200);
    expect(trash.body.items.map((t: { id: string }) => t.id)).toEqual([task.id]);
    const restored = await call(token, "POST", `/tasks/${task.id}/restore`);
    expect(restored.status, restored.text).toBe(200);
    expect(restored.headers.get("etag")).toBe('"3"');
    expect((await call(token, "DELETE", `/tasks/${task.id}?permanent=true`)).status).toBe(204);
    expect(await db().task.findUnique({ where: { id: task.id } })).toBeNull();
  });

  it("bulk: 200 {updated, notFound}; another user's ids are notFound and untouched in the database", async () => {
    const me = await newUser();
    const them = await newUser();
    const mine = (await call(me.token, "POST", "/tasks", { json: { title: "Mine" } })).body;
    const theirs = (await call(them.token, "POST", "/tasks", { json: { title: "Theirs" } })).body;
    const row = await db().task.findUniqueOrThrow({ where: { id: theirs.id } });
    const res = await call(me.token, "POST", "/tasks/bulk", {
      json: { ids: [mine.id, theirs.id], action: "delete" },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ updated: 1, notFound: [theirs.id] });
    expect(await db().task.findUniqueOrThrow({ where: { id: theirs.id } })).toEqual(row);
  });

  it("labels: GET /labels with task counts; DELETE /labels/{id} 204 removes it from the tasks", async () => {
    const { token } = await newUser();
    const task = (
      await call(token, "POST", "/tasks", {
        json: { title: "Labelled", labels: ["urgent", "home"] },
      })
    ).body;
    const labels = await call(token, "GET", "/labels");
    expect(labels.status).toBe(200);
    expect(labels.body).toEqual([
      { id: expect.any(String), name: "home", taskCount: 1 },
      { id: expect.any(String), name: "urgent", taskCount: 1 },
    ]);
    const urgent = labels.body[1].id as string;
    expect((await call(token, "DELETE", `/labels/${urgent}`)).status).toBe(204);
    expect((await call(token, "GET", `/tasks/${task.id}`)).body.labels).toEqual(["home"]);
  });

  it("list: the new query parameters arrive as text and filter and order", async () => {
    const { token } = await newUser();
    const past = new Date(Date.now() - 86_400_000).toISOString();
    const future = new Date(Date.now() + 86_400_000).toISOString();
    await call(token, "POST", "/tasks", {
      json: { title: "Late one", dueAt: past, priority: 3, labels: ["Work"] },
    });
    await call(token, "POST", "/tasks", {
      json: { title: "Soon one", dueAt: future, priority: 1 },
    });
    await call(token, "POST", "/tasks", { json: { title: "Undated one" } });
    const titles = async (query: string) => {
      const res = await call(token, "GET", `/tasks?${query}`);
      expect(res.status, res.text).toBe(200);
      return res.body.items.map((t: { title: string }) => t.title) as string[];
    };
    expect(await titles("overdue=true")).toEqual(["Late one"]);
    expect(await titles("priority=1")).toEqual(["Soon one"]);
    expect(await titles("label=work")).toEqual(["Late one"]);
    expect(await titles(`dueAfter=${encodeURIComponent(new Date().toISOString())}`)).toEqual([
      "Soon one",
    ]);
    expect(await titles("ordering=-dueAt")).toEqual(["Soon one", "Late one", "Undated one"]);
    expect(await titles("ordering=-priority")).toEqual(["Late one", "Soon one", "Undated one"]);
    expect((await call(token, "GET", "/tasks?priority=7")).status).toBe(400);
  });
});

describe("REST: export and import", () => {
  async function seed(token: string) {
    await call(token, "POST", "/tasks", {
      json: {
        title: "Export me",
        description: '=1+1, "quoted"\nline',
        dueAt: "2026-12-01T09:00:00Z",
        priority: 2,
        labels: ["a", "b c"],
      },
    });
    await call(token, "POST", "/tasks", { json: { title: "And me", completed: true } });
  }
  const comparable = (items: Record<string, unknown>[]) =>
    items.map(({ title, description, completed, dueAt, priority, labels, createdAt }) => ({
      title,
      description,
      completed,
      dueAt,
      priority,
      labels,
      createdAt,
    }));

  it.each([
    ["json", "application/json; charset=utf-8"],
    ["csv", "text/csv; charset=utf-8"],
  ])(
    "export?format=%s is an attachment that POST /tasks/import takes back as it is",
    async (format, type) => {
      const source = await newUser();
      await seed(source.token);
      const file = await call(source.token, "GET", `/tasks/export?format=${format}`);
      expect(file.status).toBe(200);
      expect(file.headers.get("content-type")).toBe(type);
      expect(file.headers.get("content-disposition")).toMatch(
        new RegExp(`^attachment; filename="taskfort-tasks-.*\\.${format}"$`),
      );
      expect(file.headers.get("cache-control")).toBe("no-store");
      const target = await newUser();
      const imported = await call(target.token, "POST", "/tasks/import", {
        raw: file.text,
        contentType: type,
      });
      expect(imported.status, imported.text).toBe(201);
      expect(imported.body).toEqual({ created: 2 });
      const list = async (token: string) =>
        (await call(token, "GET", "/tasks?ordering=createdAt")).body.items;
      expect(comparable(await list(target.token))).toEqual(comparable(await list(source.token)));
    },
  );

  it("import: one bad row → 400 naming rows.<n>.<field>, nothing created", async () => {
    const { user, token } = await newUser();
    const csv = "title,priority\r\nFine row,1\r\nAlso fine,2\r\nBad,9\r\n";
    const res = await call(token, "POST", "/tasks/import", { raw: csv });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: "BAD_REQUEST",
      fields: { "rows.3.priority": ["Priority must be a whole number from 0 (none) to 3 (high)."] },
    });
    expect(await db().task.count({ where: { ownerId: user.id } })).toBe(0);
  });

  it("import alone accepts bodies up to 1 MB; past that 413, and other routes keep 100 KB", async () => {
    const { user, token } = await newUser();
    const description = "d".repeat(9_000);
    const tasks = Array.from({ length: 100 }, (_, i) => ({ title: `Big task ${i}`, description }));
    const json = JSON.stringify({ tasks });
    expect(json.length).toBeGreaterThan(MAX_BODY_BYTES);
    const ok = await call(token, "POST", "/tasks/import", {
      raw: json,
      contentType: "application/json",
    });
    expect(ok.status, ok.text.slice(0, 300)).toBe(201);
    expect(await db().task.count({ where: { ownerId: user.id } })).toBe(100);
    const tooBig = await call(token, "POST", "/tasks/import", {
      raw: JSON.stringify({
        tasks: [{ title: "Huge", description: "x".repeat(IMPORT_MAX_BODY_BYTES) }],
      }),
      contentType: "application/json",
    });
    expect(tooBig.status).toBe(413);
    const elsewhere = await call(token, "POST", "/tasks", {
      raw: JSON.stringify({ title: "Big", description: "x".repeat(MAX_BODY_BYTES) }),
      contentType: "application/json",
    });
    expect(elsewhere.status).toBe(413);
  });
});
