// handleRestRequest (behind handleApiRequest) without a server: the HTTP shaping around the adapter (statuses, the
// envelope, headers) on real procedures and a real database. Over-HTTP tests are in apps/web/test/rest.
import { validate } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import { createContextInner, type Principal } from "../context";
import { MAX_BODY_BYTES } from "../limits";
import { handleApiRequest } from "../middleware/api-request";
import { createMemoryRateLimiter } from "../ratelimit";
import { callerFor, signedInUser, tokenPrincipal, useTestDatabase } from "../test";
import { handleRestRequest } from "./handler";
import { restOpenApiDocument } from "./openapi";
import { matchRestRoute, restRoutes } from "./routes";

const REQUEST_ID = "11111111-2222-3333-4444-555555555555";

describe("rest routes", () => {
  it("routes: trailing slash ignored, wrong method → 405 with the allowed ones, unknown path → 404", () => {
    expect(matchRestRoute("GET", "/tasks/")).toMatchObject({
      kind: "route",
      route: { procedure: "task.list" },
    });
    expect(matchRestRoute("DELETE", "/tasks/abc")).toMatchObject({
      kind: "route",
      route: { procedure: "task.delete", successStatus: 204 },
    });
    expect(matchRestRoute("PUT", "/tasks/abc")).toEqual({
      kind: "method-not-allowed",
      allow: ["GET", "PATCH", "DELETE"],
      path: "/tasks/{id}",
    });
    expect(matchRestRoute("GET", "/tasks/abc/def")).toEqual({ kind: "not-found" });
    expect(matchRestRoute("GET", "")).toEqual({ kind: "not-found" });
  });

  it("document: valid OpenAPI 3.1 with one operation per route, and only the contract's success statuses", async () => {
    const doc = restOpenApiDocument();
    expect((await validate(structuredClone(doc) as never)).valid).toBe(true);
    const ops = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(ops.sort()).toEqual(
      restRoutes()
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    );
    expect(Object.keys(doc.paths?.["/tasks"]?.post?.responses ?? {})).toContain("201");
    expect(Object.keys(doc.paths?.["/tokens/{id}"]?.delete?.responses ?? {})).toContain("204");
    expect(Object.keys(doc.paths?.["/tokens/{id}"]?.delete?.responses ?? {})).not.toContain("200");
  });
});

describe("handleRestRequest", () => {
  const db = useTestDatabase();

  function rest(
    principal: Principal | null,
    method: string,
    path: string,
    init: { body?: string; headers?: Record<string, string> } = {},
    limiter = createMemoryRateLimiter(),
  ) {
    const headers = new Headers(init.headers);
    if (init.body !== undefined && !headers.has("content-type"))
      headers.set("content-type", "application/json");
    const request = new Request(`http://127.0.0.1/api/v1${path}`, {
      method,
      headers,
      body: init.body,
    });
    // Through handleApiRequest, as the web layer calls it: the body is capped there, once.
    return handleApiRequest(request, { requestId: REQUEST_ID, methods: "GET" }, (req) =>
      handleRestRequest({
        req,
        requestId: REQUEST_ID,
        createContext: async (resHeaders) =>
          createContextInner({ db: db(), principal, resHeaders, requestId: REQUEST_ID, limiter }),
      }),
    );
  }

  it("errors: the contract envelope with fields, the status from the formatter, and X-Request-Id", async () => {
    const { principal } = await signedInUser(db());
    const res = await rest(principal, "POST", "/tasks", {
      body: JSON.stringify({ title: "ab", ownerId: "x" }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("x-request-id")).toBe(REQUEST_ID);
    expect(await res.json()).toEqual({
      error: {
        code: "BAD_REQUEST",
        message: "Some fields are not valid.",
        fields: {
          title: ["Title must be at least 3 characters long."],
          ownerId: ['Unknown field "ownerId".'],
        },
        requestId: REQUEST_ID,
      },
    });
  });

  it("errors before the context exists (bad JSON, wrong media type, too large) still carry the request id", async () => {
    const { principal } = await signedInUser(db());
    const badJson = await rest(principal, "POST", "/tasks", { body: "{" });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toEqual({
      error: {
        code: "BAD_REQUEST",
        message: "The request body is not valid JSON.",
        requestId: REQUEST_ID,
      },
    });
    const text = await rest(principal, "POST", "/tasks", {
      body: "hi",
      headers: { "content-type": "text/plain" },
    });
    expect(text.status).toBe(415);
    expect(((await text.json()) as { error: { requestId: string } }).error.requestId).toBe(
      REQUEST_ID,
    );
    const big = await rest(principal, "POST", "/tasks", {
      body: JSON.stringify({ title: "x".repeat(MAX_BODY_BYTES) }),
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe(
      "PAYLOAD_TOO_LARGE",
    );
  });

  it("success: 201 on create, 204 with no body on deletes (even when the procedure returns the revoked token)", async () => {
    const { user, principal } = await signedInUser(db());
    const created = await rest(principal, "POST", "/tasks", {
      body: JSON.stringify({ title: "Made here" }),
    });
    expect(created.status).toBe(201);
    const task = (await created.json()) as { id: string };
    const deleted = await rest(principal, "DELETE", `/tasks/${task.id}`);
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe("");

    const tokenPrincipalRow = await tokenPrincipal(db(), user, ["tasks:read"]);
    const tokenId = tokenPrincipalRow.kind === "token" ? tokenPrincipalRow.tokenId : "";
    const revoked = await rest(principal, "DELETE", `/tokens/${tokenId}`);
    expect(revoked.status).toBe(204);
    expect(await revoked.text()).toBe("");
    expect(
      (await db().apiToken.findUniqueOrThrow({ where: { id: tokenId } })).revokedAt,
    ).not.toBeNull();
  });

  it("the rate-limit headers the procedure sets reach the response, on success and on failure", async () => {
    const { principal } = await signedInUser(db());
    const limiter = createMemoryRateLimiter();
    const ok = await rest(principal, "GET", "/tasks", {}, limiter);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-ratelimit-limit")).toMatch(/^\d+$/);
    const missing = await rest(principal, "GET", "/tasks/nope", {}, limiter);
    expect(missing.status).toBe(404);
    expect(Number(missing.headers.get("x-ratelimit-remaining"))).toBe(
      Number(ok.headers.get("x-ratelimit-remaining")) - 1,
    );
  });

  it("REST and tRPC return the same task", async () => {
    const { principal } = await signedInUser(db());
    const task = await callerFor(db(), principal).task.create({ title: "Same either way" });
    const res = await rest(principal, "GET", `/tasks/${task.id}`);
    expect(await res.json()).toEqual(task);
  });
});
