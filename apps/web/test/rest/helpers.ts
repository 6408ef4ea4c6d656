// Shared by the REST tests: a built app on a fresh database, plain-HTTP helpers, a
// session sign-in through next-auth's credentials flow, and the envelope assertion.
import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import { createTestDatabase } from "@taskfort/db/testing";
import { credentialsSignIn, send, type Answer } from "../client";
import { startWebServer, type WebServer } from "../server";

export type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

export const PASSWORD = "a perfectly decent passphrase 7";

export interface RestApp {
  server: WebServer;
  database: TestDatabase;
  /** "http://127.0.0.1:PORT/api/v1" */
  base: string;
  stop(): Promise<void>;
}

/** The built app (`npm start`) on its own database; limits high enough that only the 429 tests meet them. */
export async function startRestApp(
  env: Record<string, string | undefined> = {},
  opts: { port?: number } = {},
): Promise<RestApp> {
  const database = await createTestDatabase();
  const server = await startWebServer({
    port: opts.port,
    env: {
      DATABASE_URL: database.url,
      RATE_LIMIT_AUTH: "1000/1m",
      RATE_LIMIT_ANON: "1000/1m",
      RATE_LIMIT_USER: "1000/1m",
      TRUST_PROXY: undefined,
      ...env,
    },
  });
  return {
    server,
    database,
    base: `${server.url}/api/v1`,
    async stop() {
      await server.stop();
      await database.drop();
    },
  };
}

export type Call = Answer;

export interface CallOptions {
  body?: unknown;
  token?: string;
  cookie?: string;
  headers?: Record<string, string>;
}

/** One REST request. A JSON body is sent as application/json; `path` is relative to /api/v1. */
export async function call(
  app: RestApp,
  method: string,
  path: string,
  opts: CallOptions = {},
): Promise<Call> {
  const headers = new Headers(opts.headers);
  if (opts.token) headers.set("authorization", `Bearer ${opts.token}`);
  if (opts.cookie) {
    headers.set("cookie", opts.cookie);
    // What a browser sends on a same-origin request.
    headers.set("origin", app.server.url);
  }
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  return send(`${app.base}${path}`, { method, headers, body });
}

/** The contract's envelope, exactly: `{"error":{code,message,fields?,requestId}}`, requestId = X-Request-Id. */
export function expectEnvelope(
  res: Call,
  status: number,
  code: string,
  message?: string | RegExp,
): Record<string, string[]> | undefined {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  expect(Object.keys(res.body)).toEqual(["error"]);
  const error = res.body.error as {
    code: string;
    message: string;
    fields?: Record<string, string[]>;
    requestId: string;
  };
  expect(Object.keys(error).sort()).toEqual(
    error.fields ? ["code", "fields", "message", "requestId"] : ["code", "message", "requestId"],
  );
  expect(error.code).toBe(code);
  expect(typeof error.message).toBe("string");
  if (message !== undefined)
    expect(error.message).toMatch(
      typeof message === "string"
        ? new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`)
        : message,
    );
  expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.headers.get("x-request-id")).toBe(error.requestId);
  return error.fields;
}

export const uniqueName = (base: string) => `${base}_${randomBytes(4).toString("hex")}`;

export interface User {
  id: string;
  username: string;
  /** An API token with both scopes, from POST /auth/login. */
  token: string;
}

/** Register + log in through REST, as the README tells a script to. */
export async function newUser(app: RestApp, base = "rest"): Promise<User> {
  const username = uniqueName(base);
  const registered = await call(app, "POST", "/auth/register", {
    body: { username, password: PASSWORD },
  });
  expect(registered.status, registered.text).toBe(201);
  const login = await call(app, "POST", "/auth/login", { body: { username, password: PASSWORD } });
  expect(login.status, login.text).toBe(200);
  return { id: registered.body.user.id, username, token: login.body.token };
}

/** A browser session for `username` through next-auth's credentials sign-in; returns the Cookie header to send. */
export async function sessionCookie(
  app: RestApp,
  username: string,
  password = PASSWORD,
): Promise<string> {
  const { answer, jar } = await credentialsSignIn(app, username, password);
  const session = jar.find("next-auth.session-token");
  if (!session)
    throw new Error(`sign-in for ${username} set no session cookie (status ${answer.status})`);
  return `${session[0]}=${session[1]}`;
}
