// The REST surface is these same procedures seen through trpc-to-openapi. These tests
// pin down what the schemas promise that adapter: the contract's flat PATCH body, and
// booleans that stay booleans after the adapter has handled a request.
import { createOpenApiFetchHandler, generateOpenApiDocument } from "trpc-to-openapi";
import { describe, expect, it } from "vitest";
import { createContextInner, type Principal } from "../../context";
import { appRouter } from "../../root";
import { callerFor, errorOf, signedInUser, useTestDatabase } from "../../test";

describe("task REST shape", () => {
  const db = useTestDatabase();

  function rest(principal: Principal, method: string, path: string, body?: unknown) {
    const req = new Request(`http://127.0.0.1/api/v1${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return createOpenApiFetchHandler({
      endpoint: "/api/v1",
      router: appRouter,
      req,
      createContext: () => createContextInner({ db: db(), principal }),
    });
  }

  it("tasks: the OpenAPI document has the contract's five task routes, PATCH with a flat strict body and the id in the path", () => {
    const doc = generateOpenApiDocument(appRouter, {
      title: "Taskfort",
      version: "1",
      baseUrl: "http://127.0.0.1/api/v1",
    });
    const list = doc.paths?.["/tasks"];
    const one = doc.paths?.["/tasks/{id}"];
    expect(Object.keys(list ?? {}).sort()).toEqual(["get", "post"]);
    expect(Object.keys(one ?? {}).sort()).toEqual(["delete", "get", "patch"]);
    for (const op of [list?.get, list?.post, one?.get, one?.patch, one?.delete]) {
      expect(op?.tags).toEqual(["tasks"]);
      expect(op?.security).toBeDefined();
    }
    expect((list?.get?.parameters ?? []).map((p) => ("name" in p ? p.name : "")).sort()).toEqual([
      "completed",
      "dueAfter",
      "dueBefore",
      "label",
      "ordering",
      "overdue",
      "page",
      "pageSize",
      "priority",
      "search",
    ]);

    const patch = one?.patch;
    expect(patch?.parameters).toEqual([
      expect.objectContaining({ in: "path", name: "id", required: true }),
    ]);
    const body =
      patch?.requestBody && "content" in patch.requestBody
        ? patch.requestBody.content["application/json"]?.schema
        : undefined;
    expect(body).toMatchObject({ type: "object", additionalProperties: false });
    expect(
      Object.keys((body as { properties?: object } | undefined)?.properties ?? {}).sort(),
    ).toEqual([
      "completed",
      "description",
      "dueAt",
      "expectedVersion",
      "labels",
      "priority",
      "title",
    ]);
  });

  it("tasks: REST PATCH /tasks/{id} with a flat body updates through the same procedure as tRPC", async () => {
    const { principal } = await signedInUser(db());
    const task = await callerFor(db(), principal).task.create({ title: "Via REST" });
    const res = await rest(principal, "PATCH", `/tasks/${task.id}`, {
      title: "Renamed via REST",
      completed: true,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: task.id,
      title: "Renamed via REST",
      completed: true,
    });
    expect(await db().task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
      title: "Renamed via REST",
      completed: true,
    });
  });

  it("tasks: booleans stay strict after REST calls (the adapter's coercion does not reach the shared schemas)", async () => {
    const { principal } = await signedInUser(db());
    const caller = callerFor(db(), principal);
    const open = await caller.task.create({ title: "Still open" });
    const done = await caller.task.create({ title: "Already done", completed: true });

    // The adapter prepares (and would mutate) the list, create and update input schemas on these calls.
    const listed = await rest(principal, "GET", "/tasks?completed=false");
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { items: { id: string }[] }).items.map((t) => t.id)).toEqual([
      open.id,
    ]);
    expect(
      (await rest(principal, "POST", "/tasks", { title: "Text flag", completed: "false" })).status,
    ).toBe(400);
    expect(
      (await rest(principal, "PATCH", `/tasks/${open.id}`, { completed: "false" })).status,
    ).toBe(400);

    // ...and tRPC, sharing those schema instances, still refuses a string for a boolean.
    const error = await errorOf(
      caller.task.update({ id: done.id, data: { completed: "false" } } as never),
    );
    expect(error).toMatchObject({
      code: "BAD_REQUEST",
      fields: { completed: [expect.any(String)] },
    });
    expect(await db().task.findUniqueOrThrow({ where: { id: open.id } })).toMatchObject({
      completed: false,
    });
    expect(await db().task.findUniqueOrThrow({ where: { id: done.id } })).toMatchObject({
      completed: true,
    });
    expect(await db().task.count({ where: { title: "Text flag" } })).toBe(0);
  });
});
