// The same procedures behind two doors: for one user and the same data, a tRPC call and
// its REST twin return the same task data, and the same error codes, messages and fields.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trpcMutation, trpcQuery } from "../client";
import { call, newUser, startRestApp, type RestApp, type User } from "./helpers";

let app: RestApp;
let user: User;

beforeAll(async () => {
  app = await startRestApp();
  user = await newUser(app, "twin");
});

afterAll(async () => {
  await app?.stop();
});

interface TrpcResult {
  status: number;
  data?: unknown;
  error?: {
    code: string;
    message: string;
    fields?: Record<string, string[]>;
    httpStatus: number;
    requestId: string;
  };
}

async function trpc(
  kind: "query" | "mutation",
  path: string,
  input: unknown,
  token?: string,
): Promise<TrpcResult> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const res =
    kind === "query"
      ? await trpcQuery(app, path, input, headers)
      : await trpcMutation(app, path, input, headers);
  const body = res.body as {
    result?: { data: unknown };
    error?: { data: TrpcResult["error"] };
  };
  return { status: res.status, data: body.result?.data, error: body.error?.data };
}

/** code, message and fields of both answers, and their HTTP statuses, must agree. */
async function expectSameError(trpcCall: Promise<TrpcResult>, restCall: ReturnType<typeof call>) {
  const [t, r] = await Promise.all([trpcCall, restCall]);
  expect(t.error, JSON.stringify(t)).toBeDefined();
  const { requestId: _t, httpStatus, ...trpcError } = t.error!;
  const { requestId: _r, ...restError } = r.body.error;
  expect(restError).toEqual(trpcError);
  expect(r.status).toBe(httpStatus);
  expect(r.status).toBe(t.status);
  return restError as { code: string };
}

describe("tRPC and REST twins", () => {
  it("task data: create on one, read on both; list, update and get agree", async () => {
    const created = await trpc(
      "mutation",
      "task.create",
      { title: "Twin task", description: "same everywhere" },
      user.token,
    );
    expect(created.status).toBe(200);
    const restCreated = await call(app, "POST", "/tasks", {
      token: user.token,
      body: { title: "Rest twin", completed: true },
    });
    expect(restCreated.status).toBe(201);
    const id = (created.data as { id: string }).id;

    const viaTrpc = await trpc("query", "task.get", { id }, user.token);
    const viaRest = await call(app, "GET", `/tasks/${id}`, { token: user.token });
    expect(viaRest.body).toEqual(viaTrpc.data);
    expect(viaRest.body).toEqual(created.data);
    expect((await trpc("query", "task.get", { id: restCreated.body.id }, user.token)).data).toEqual(
      restCreated.body,
    );

    const query = { search: "twin", ordering: "title", page: 1, pageSize: 5 };
    const listTrpc = await trpc("query", "task.list", query, user.token);
    const listRest = await call(app, "GET", "/tasks?search=twin&ordering=title&page=1&pageSize=5", {
      token: user.token,
    });
    expect(listRest.body).toEqual(listTrpc.data);
    expect(listRest.body.total).toBe(2);

    const updated = await call(app, "PATCH", `/tasks/${id}`, {
      token: user.token,
      body: { completed: true },
    });
    expect(updated.body).toEqual((await trpc("query", "task.get", { id }, user.token)).data);
    const updatedTrpc = await trpc(
      "mutation",
      "task.update",
      { id, data: { title: "Twin task renamed" } },
      user.token,
    );
    expect((await call(app, "GET", `/tasks/${id}`, { token: user.token })).body).toEqual(
      updatedTrpc.data,
    );
  });

  it("errors: validation, unknown fields, not found, anonymous, bad token, pagination bounds", async () => {
    const validation = await expectSameError(
      trpc("mutation", "task.create", { title: "ab" }, user.token),
      call(app, "POST", "/tasks", { token: user.token, body: { title: "ab" } }),
    );
    expect(validation.code).toBe("BAD_REQUEST");
    await expectSameError(
      trpc("mutation", "task.create", { title: "Owned", ownerId: "someone" }, user.token),
      call(app, "POST", "/tasks", {
        token: user.token,
        body: { title: "Owned", ownerId: "someone" },
      }),
    );
    await expectSameError(
      trpc("query", "task.get", { id: "missing" }, user.token),
      call(app, "GET", "/tasks/missing", { token: user.token }),
    );
    await expectSameError(
      trpc("mutation", "task.update", { id: "missing", data: { title: "Nope" } }, user.token),
      call(app, "PATCH", "/tasks/missing", { token: user.token, body: { title: "Nope" } }),
    );
    await expectSameError(
      trpc("mutation", "task.update", { id: "missing", data: {} }, user.token),
      call(app, "PATCH", "/tasks/missing", { token: user.token, body: {} }),
    );
    await expectSameError(
      trpc("mutation", "task.delete", { id: "missing" }, user.token),
      call(app, "DELETE", "/tasks/missing", { token: user.token }),
    );
    await expectSameError(trpc("query", "task.list", {}), call(app, "GET", "/tasks"));
    await expectSameError(
      trpc("query", "task.list", {}, "tf_bogus"),
      call(app, "GET", "/tasks", { token: "tf_bogus" }),
    );
    await expectSameError(
      trpc("query", "task.list", { pageSize: 101 }, user.token),
      call(app, "GET", "/tasks?pageSize=101", { token: user.token }),
    );
    // API tokens may not manage tokens: FORBIDDEN on both.
    await expectSameError(
      trpc("query", "token.list", {}, user.token),
      call(app, "GET", "/tokens", { token: user.token }),
    );
    await expectSameError(
      trpc("mutation", "auth.login", { username: user.username, password: "not the password" }),
      call(app, "POST", "/auth/login", {
        body: { username: user.username, password: "not the password" },
      }),
    );
  });
});
