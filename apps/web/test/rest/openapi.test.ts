// /api/v1/openapi.json: valid OpenAPI (checked by a real validator), and exactly the
// routes the server answers: every documented operation is served, and every other
// method/path combination is a 404 or 405 envelope.
import { validate } from "@readme/openapi-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, expectEnvelope, startRestApp, type RestApp } from "./helpers";

/** The REST table of docs/api.md. */
const CONTRACT_OPERATIONS = [
  "POST /auth/register",
  "POST /auth/login",
  "GET /tasks",
  "POST /tasks",
  "GET /tasks/{id}",
  "PATCH /tasks/{id}",
  "DELETE /tasks/{id}",
  "GET /tokens",
  "POST /tokens",
  "DELETE /tokens/{id}",
  // Revoke all (added with the token bounds, docs/security/threat-model.md).
  "DELETE /tokens",
  "GET /admin/users",
  "PATCH /admin/users/{id}",
  "GET /admin/audit",
  // The security overview (/admin/security's numbers).
  "GET /admin/security",
  // Planning: trash, bulk, labels, export and import
  "GET /tasks/trash",
  "POST /tasks/{id}/restore",
  "POST /tasks/bulk",
  "GET /tasks/export",
  "POST /tasks/import",
  "GET /labels",
  "DELETE /labels/{id}",
  // Accounts
  "GET /me",
  "DELETE /me",
  "POST /me/password",
  "GET /me/sessions",
  "DELETE /me/sessions",
  "DELETE /me/sessions/{id}",
  "PUT /me/email",
  "GET /me/export",
  "POST /auth/verify-email",
  "POST /auth/forgot-password",
  "POST /auth/reset-password",
  "POST /admin/users/{id}/reset-link",
  // Accounts: two factors.
  "POST /me/two-factor",
  "POST /me/two-factor/confirm",
  "DELETE /me/two-factor",
  // Beyond the table: two-factor status, recovery codes, passkeys, the admin reset.
  "GET /me/two-factor",
  "POST /me/two-factor/recovery-codes",
  "GET /me/passkeys",
  "PATCH /me/passkeys/{id}",
  "DELETE /me/passkeys/{id}",
  "POST /admin/users/{id}/two-factor/reset",
].sort();

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

interface Doc {
  openapi: string;
  servers: { url: string }[];
  paths: Record<
    string,
    Record<
      string,
      {
        security?: Record<string, string[]>[];
        responses: Record<
          string,
          { $ref?: string; content?: unknown; headers?: Record<string, unknown> }
        >;
      }
    >
  >;
  components: {
    securitySchemes: Record<string, Record<string, string>>;
    schemas: Record<string, unknown>;
    responses: Record<
      string,
      {
        content: { "application/json": { schema: { $ref: string } } };
        headers: Record<string, unknown>;
      }
    >;
  };
}

let app: RestApp;
let doc: Doc;

beforeAll(async () => {
  app = await startRestApp();
  const res = await call(app, "GET", "/openapi.json");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  doc = res.body as Doc;
});

afterAll(async () => {
  await app?.stop();
});

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
  );
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, "some-id");

describe("REST: OpenAPI document", () => {
  it("passes @readme/openapi-parser's validation as OpenAPI 3.1", async () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, JSON.stringify(result)).toBe(true);
    expect(result.warnings).toEqual([]);
  });

  it("documents exactly the contract's REST operations, under /api/v1", () => {
    expect(operations().sort()).toEqual(CONTRACT_OPERATIONS);
    expect(doc.servers).toEqual([{ url: "/api/v1" }]);
  });

  it("every documented operation is served (never the 404/405 of an unknown route)", async () => {
    for (const op of operations()) {
      const [method, path] = op.split(" ") as [string, string];
      // Anonymous and with an empty body: each answers from the procedure (400 or 401), not from routing.
      const res = await call(
        app,
        method,
        concrete(path),
        method === "GET" || method === "DELETE" ? {} : { body: {} },
      );
      expect([400, 401], `${op}: ${res.text}`).toContain(res.status);
    }
  });

  it("every other method on a documented path is 405, and undocumented paths are 404", async () => {
    for (const path of Object.keys(doc.paths)) {
      // Every method of every documented path the URL matches is served
      // (/tasks/trash is also /tasks/{id} with id "trash"); Allow names them all.
      const allowed = new Set(
        Object.keys(doc.paths)
          .filter((template) =>
            new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`).test(concrete(path)),
          )
          .flatMap((template) => Object.keys(doc.paths[template]!).map((m) => m.toUpperCase())),
      );
      for (const method of METHODS.filter((m) => !allowed.has(m))) {
        const res = await call(
          app,
          method,
          concrete(path),
          method === "GET" || method === "DELETE" ? {} : { body: {} },
        );
        expectEnvelope(res, 405, "METHOD_NOT_SUPPORTED");
        expect(res.headers.get("allow")?.split(", ").sort()).toEqual([...allowed].sort());
      }
    }
    for (const path of [
      "/",
      "/users",
      "/task",
      "/tasks/some-id/comments",
      "/auth",
      "/auth/logout",
      "/admin",
      "/admin/users/some-id/tasks",
      "/health",
    ]) {
      for (const method of METHODS)
        expectEnvelope(
          await call(
            app,
            method,
            path,
            method === "GET" || method === "DELETE" ? {} : { body: {} },
          ),
          404,
          "NOT_FOUND",
        );
    }
  });

  it("success statuses are the contract's: 201 for creates, 202 for mail sent later, 204 (no body) for deletes and the other no-content answers, 200 otherwise", () => {
    const status = (op: string) => {
      const [method, path] = op.split(" ") as [string, string];
      return Object.keys(doc.paths[path]![method.toLowerCase()]!.responses).filter(
        (s) => s < "400",
      );
    };
    for (const op of CONTRACT_OPERATIONS) {
      const noContent = [
        "POST /me/password",
        "POST /auth/verify-email",
        "POST /auth/reset-password",
      ];
      const expected = [
        "POST /auth/register",
        "POST /tasks",
        "POST /tokens",
        "POST /tasks/import",
      ].includes(op)
        ? "201"
        : ["PUT /me/email", "POST /auth/forgot-password"].includes(op)
          ? "202"
          : op.startsWith("DELETE") || noContent.includes(op)
            ? "204"
            : "200";
      expect(status(op), op).toEqual([expected]);
    }
    expect(doc.paths["/tasks/{id}"]!.delete!.responses["204"]!.content).toBeUndefined();
  });

  it("errors share one envelope schema; responses document X-Request-Id and the rate-limit headers (Retry-After on 429)", () => {
    expect(doc.components.schemas).toHaveProperty("ErrorEnvelope");
    for (const [name, response] of Object.entries(doc.components.responses)) {
      expect(response.content["application/json"].schema.$ref, name).toBe(
        "#/components/schemas/ErrorEnvelope",
      );
      expect(Object.keys(response.headers), name).toEqual(
        expect.arrayContaining([
          "X-Request-Id",
          "X-RateLimit-Limit",
          "X-RateLimit-Remaining",
          "X-RateLimit-Reset",
        ]),
      );
    }
    expect(Object.keys(doc.components.responses.Error429!.headers)).toContain("Retry-After");
    for (const op of operations()) {
      const [method, path] = op.split(" ") as [string, string];
      const responses = doc.paths[path]![method.toLowerCase()]!.responses;
      for (const [status, response] of Object.entries(responses)) {
        if (status >= "400")
          expect(response.$ref, `${op} ${status}`).toBe(`#/components/responses/Error${status}`);
        else expect(Object.keys(response.headers ?? {}), op).toContain("X-RateLimit-Remaining");
      }
      expect(Object.keys(responses), op).toEqual(expect.arrayContaining(["401", "429", "500"]));
    }
  });

  it("security: bearer token and session cookie; tasks take either, tokens and admin the session only, register/login none", () => {
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({
      type: "http",
      scheme: "bearer",
    });
    expect(doc.components.securitySchemes.sessionCookie).toMatchObject({
      type: "apiKey",
      in: "cookie",
    });
    expect(doc.paths["/tasks"]!.get!.security).toEqual([{ bearerAuth: [] }, { sessionCookie: [] }]);
    expect(doc.paths["/tokens"]!.post!.security).toEqual([{ sessionCookie: [] }]);
    expect(doc.paths["/admin/users"]!.get!.security).toEqual([{ sessionCookie: [] }]);
    expect(doc.paths["/auth/login"]!.post!.security).toBeUndefined();
  });

  it("the schemas come from the procedures' Zod schemas (limits, enums and strictness included)", () => {
    const list = doc.paths["/tasks"]!.get as unknown as {
      parameters: { name: string; schema: { enum?: string[]; maximum?: number } }[];
    };
    expect(list.parameters.find((p) => p.name === "ordering")?.schema.enum).toEqual([
      "createdAt",
      "-createdAt",
      "title",
      "-title",
      "dueAt",
      "-dueAt",
      "priority",
      "-priority",
    ]);
    expect(list.parameters.find((p) => p.name === "pageSize")?.schema.maximum).toBe(100);
    const create = doc.paths["/tasks"]!.post as unknown as {
      requestBody: {
        content: {
          "application/json": { schema: { additionalProperties: boolean; required: string[] } };
        };
      };
    };
    expect(create.requestBody.content["application/json"].schema).toMatchObject({
      additionalProperties: false,
      required: ["title"],
    });
  });
});
