// Sign-in over real HTTP against the production build (`next start`): next-auth's
// credentials flow, cookie tampering and replay after sign-out, API tokens end to end,
// and OIDC against a real OpenID provider (oidc-provider) started here.
import { createServer, type Server } from "node:http";
import { encode } from "next-auth/jwt";
import Provider from "oidc-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@taskfort/db/testing";
import { getFreePort, startWebServer, type WebServer } from "../../test/server";

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

const PASSWORD = "a perfectly decent passphrase 7";
const SESSION_COOKIE = "__Host-next-auth.session-token";

/** A minimal cookie jar for one origin (names only; the tests never need paths or expiry beyond deletion). */
class Jar {
  readonly cookies = new Map<string, string>();
  readonly raw: string[] = [];
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      this.raw.push(line);
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = /max-age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line);
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  clone(): Jar {
    const jar = new Jar();
    for (const [k, v] of this.cookies) jar.cookies.set(k, v);
    return jar;
  }
}

interface Client {
  jar: Jar;
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

function client(server: WebServer, jar = new Jar()): Client {
  return {
    jar,
    async fetch(path, init = {}) {
      const headers = new Headers(init.headers);
      if (jar.cookies.size) headers.set("cookie", jar.header());
      // Same-origin, as a browser would send it (the CSRF check refuses foreign origins).
      if (init.method && init.method !== "GET") headers.set("origin", server.url);
      const res = await fetch(`${server.url}${path}`, { ...init, headers, redirect: "manual" });
      jar.take(res);
      return res;
    },
  };
}

async function trpcQuery(
  c: Client,
  path: string,
  input: unknown = {},
  headers: Record<string, string> = {},
) {
  const res = await c.fetch(
    `/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`,
    { headers },
  );
  return {
    status: res.status,
    body: (await res.json()) as {
      result?: { data: unknown };
      error?: { data: { code: string; message: string } };
    },
  };
}

async function trpcMutation(
  c: Client,
  path: string,
  input: unknown,
  headers: Record<string, string> = {},
) {
  const res = await c.fetch(`/api/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(input),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      result?: { data: unknown };
      error?: { data: { code: string; message: string } };
    },
  };
}

async function csrfToken(c: Client): Promise<string> {
  const res = await c.fetch("/api/auth/csrf");
  return ((await res.json()) as { csrfToken: string }).csrfToken;
}

async function signIn(c: Client, username: string, password: string): Promise<Response> {
  const token = await csrfToken(c);
  return c.fetch("/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ username, password, csrfToken: token, json: "true" }),
  });
}

async function signOut(c: Client): Promise<Response> {
  const token = await csrfToken(c);
  return c.fetch("/api/auth/signout", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken: token, json: "true" }),
  });
}

let n = 0;
const uniqueName = (base: string) => `${base}_${Date.now().toString(36)}_${n++}`;

describe("auth over HTTP (next start)", () => {
  let database: TestDatabase;
  let server: WebServer;
  const secret = "a-test-auth-secret-that-is-at-least-32-chars";

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startWebServer({
      env: { DATABASE_URL: database.url, AUTH_SECRET: secret, RATE_LIMIT_AUTH: "1000/1m" },
    });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  async function registeredUser() {
    const username = uniqueName("web");
    const res = await trpcMutation(client(server), "auth.register", {
      username,
      password: PASSWORD,
    });
    expect(res.status).toBe(200);
    return username;
  }

  it("sessions: sign-in sets an HttpOnly, SameSite=Lax, Secure __Secure- cookie holding only the session and user ids", async () => {
    const username = await registeredUser();
    const c = client(server);
    const res = await signIn(c, username, PASSWORD);
    expect(res.status).toBe(200);
    const line = c.jar.raw.find((l) => l.startsWith(`${SESSION_COOKIE}=`));
    expect(line).toBeDefined();
    expect(line).toMatch(/;\s*HttpOnly/i);
    expect(line).toMatch(/;\s*SameSite=Lax/i);
    expect(line).toMatch(/;\s*Secure/i);
    expect(c.jar.raw.find((l) => /next-auth\.csrf-token=/.test(l))).toMatch(/^__Host-/);

    const user = await database.db.user.findUniqueOrThrow({
      where: { usernameKey: username.toLowerCase() },
      include: { sessions: true },
    });
    expect(user.sessions).toHaveLength(1);
    const me = await trpcQuery(c, "task.list");
    expect(me.status).toBe(200);
    const session = (await (await c.fetch("/api/auth/session")).json()) as {
      user?: { id: string; username: string; role: string };
    };
    expect(session.user).toEqual({ id: user.id, username, role: "USER" });
  });

  it("oidc: without AUTH_OIDC_* settings only password and passkey sign-in are offered", async () => {
    const providers = (await (await client(server).fetch("/api/auth/providers")).json()) as Record<
      string,
      unknown
    >;
    expect(Object.keys(providers).sort()).toEqual(["credentials", "passkey"]);
  });

  it("sessions: unknown username and wrong password get the same status and body", async () => {
    const username = await registeredUser();
    const wrong = await signIn(client(server), username, `${PASSWORD}x`);
    const unknown = await signIn(client(server), uniqueName("nobody"), PASSWORD);
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(wrong.status);
    expect(await unknown.json()).toEqual(await wrong.json());
  });

  it("sessions: the cookie value changes at every sign-in, and each sign-in has its own server-side session", async () => {
    const username = await registeredUser();
    const first = client(server);
    await signIn(first, username, PASSWORD);
    const second = client(server);
    await signIn(second, username, PASSWORD);
    expect(first.jar.cookies.get(SESSION_COOKIE)).toBeTruthy();
    expect(first.jar.cookies.get(SESSION_COOKIE)).not.toBe(second.jar.cookies.get(SESSION_COOKIE));
    expect(
      await database.db.session.count({ where: { user: { usernameKey: username.toLowerCase() } } }),
    ).toBe(2);
  });

  it("sessions: a tampered cookie or one signed with another secret is signed out", async () => {
    const username = await registeredUser();
    const c = client(server);
    await signIn(c, username, PASSWORD);
    const good = c.jar.cookies.get(SESSION_COOKIE)!;
    expect((await trpcQuery(c, "task.list")).status).toBe(200);

    const tampered = c.jar.clone();
    const i = Math.floor(good.length / 2);
    tampered.cookies.set(
      SESSION_COOKIE,
      good.slice(0, i) + (good[i] === "A" ? "B" : "A") + good.slice(i + 1),
    );
    expect((await trpcQuery(client(server, tampered), "task.list")).body.error?.data.code).toBe(
      "UNAUTHORIZED",
    );

    // A well-formed JWT naming a real session, but encrypted with a secret that is not ours.
    const user = await database.db.user.findUniqueOrThrow({
      where: { usernameKey: username.toLowerCase() },
      include: { sessions: true },
    });
    const foreign = c.jar.clone();
    foreign.cookies.set(
      SESSION_COOKIE,
      await encode({
        token: { sub: user.id, sid: user.sessions[0]!.id },
        secret: "another-secret-another-secret-another-secret",
      }),
    );
    expect((await trpcQuery(client(server, foreign), "task.list")).body.error?.data.code).toBe(
      "UNAUTHORIZED",
    );

    // The same claims under the right secret do work: the check above failed on the secret alone.
    const right = c.jar.clone();
    right.cookies.set(
      SESSION_COOKIE,
      await encode({ token: { sub: user.id, sid: user.sessions[0]!.id }, secret }),
    );
    expect((await trpcQuery(client(server, right), "task.list")).status).toBe(200);
  });

  it("sessions: a cookie saved before sign-out is rejected after it", async () => {
    const username = await registeredUser();
    const c = client(server);
    await signIn(c, username, PASSWORD);
    const saved = c.jar.clone();
    expect((await trpcQuery(client(server, saved), "task.list")).status).toBe(200);
    expect((await signOut(c)).status).toBe(200);
    expect(c.jar.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(
      await database.db.session.count({ where: { user: { usernameKey: username.toLowerCase() } } }),
    ).toBe(0);
    const replay = await trpcQuery(client(server, saved), "task.list");
    expect(replay.status).toBe(401);
    expect(replay.body.error?.data.code).toBe("UNAUTHORIZED");
  });

  it("sessions: disabling a user rejects their existing session on the very next request", async () => {
    const username = await registeredUser();
    const c = client(server);
    await signIn(c, username, PASSWORD);
    expect((await trpcQuery(c, "task.list")).status).toBe(200);
    await database.db.user.update({
      where: { usernameKey: username.toLowerCase() },
      data: { disabledAt: new Date() },
    });
    expect((await trpcQuery(c, "task.list")).status).toBe(401);
    expect((await signIn(client(server), username, PASSWORD)).status).toBe(401);
  });

  it("end to end: register, sign in, create a token, call the API with it, revoke it", async () => {
    const username = uniqueName("e2e");
    const anon = client(server);
    expect(
      (await trpcMutation(anon, "auth.register", { username, password: PASSWORD })).status,
    ).toBe(200);
    const browser = client(server);
    expect((await signIn(browser, username, PASSWORD)).status).toBe(200);

    const created = await trpcMutation(browser, "token.create", {
      name: "script",
      scopes: ["tasks:read", "tasks:write"],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const { id, token } = created.body.result!.data as { id: string; token: string };
    expect(token).toMatch(/^tf_/);

    const script = client(server);
    const made = await trpcMutation(
      script,
      "task.create",
      { title: "Made by a script" },
      { authorization: `Bearer ${token}` },
    );
    expect(made.status).toBe(200);
    const listed = await trpcQuery(script, "task.list", {}, { authorization: `Token ${token}` });
    expect(listed.status).toBe(200);
    expect(
      (listed.body.result!.data as { items: { title: string }[] }).items.map((t) => t.title),
    ).toEqual(["Made by a script"]);

    expect((await trpcMutation(browser, "token.revoke", { id })).status).toBe(200);
    const after = await trpcQuery(script, "task.list", {}, { authorization: `Bearer ${token}` });
    expect(after.status).toBe(401);
    expect(after.body.error?.data.code).toBe("UNAUTHORIZED");

    // auth.login, the scripts' own way in, works over HTTP too and its token is usable at once.
    const login = await trpcMutation(client(server), "auth.login", {
      username,
      password: PASSWORD,
    });
    expect(login.status).toBe(200);
    const loginToken = (login.body.result!.data as { token: string }).token;
    expect(
      (await trpcQuery(client(server), "task.list", {}, { authorization: `Bearer ${loginToken}` }))
        .status,
    ).toBe(200);
  });

  it("end to end over REST: register 201, login for a token, use it, create another from the browser session, revoke it", async () => {
    const username = uniqueName("rest");
    const json = { "content-type": "application/json" };
    const anon = client(server);
    const registered = await anon.fetch("/api/v1/auth/register", {
      method: "POST",
      headers: json,
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    expect(registered.status).toBe(201);
    expect(
      ((await registered.json()) as { user: { username: string; role: string } }).user,
    ).toMatchObject({ username, role: "USER" });

    const login = await anon.fetch("/api/v1/auth/login", {
      method: "POST",
      headers: json,
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const { token: scriptToken } = (await login.json()) as { token: string };
    const script = client(server);
    expect(
      (
        await script.fetch("/api/v1/tasks", {
          method: "POST",
          headers: { ...json, authorization: `Bearer ${scriptToken}` },
          body: JSON.stringify({ title: "From REST" }),
        })
      ).status,
    ).toBe(201);

    const browser = client(server);
    await signIn(browser, username, PASSWORD);
    const created = await browser.fetch("/api/v1/tokens", {
      method: "POST",
      headers: json,
      body: JSON.stringify({ name: "readonly", scopes: ["tasks:read"] }),
    });
    expect(created.status).toBeLessThan(300);
    const { id, token } = (await created.json()) as { id: string; token: string };
    const listed = await script.fetch("/api/v1/tasks", {
      headers: { authorization: `Token ${token}` },
    });
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { total: number }).total).toBe(1);
    // Read-only: writing with it is refused and writes nothing.
    const write = await script.fetch("/api/v1/tasks", {
      method: "POST",
      headers: { ...json, authorization: `Bearer ${token}` },
      body: JSON.stringify({ title: "Should not exist" }),
    });
    expect(write.status).toBe(403);

    const deleted = await browser.fetch(`/api/v1/tokens/${id}`, { method: "DELETE" });
    expect(deleted.status).toBe(204);
    const revoked = await script.fetch("/api/v1/tasks", {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(revoked.status).toBe(401);
    expect(((await revoked.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
    expect(
      await database.db.task.count({ where: { owner: { usernameKey: username.toLowerCase() } } }),
    ).toBe(1);
  });
});

describe("password sign-in rate limit over HTTP", () => {
  let database: TestDatabase;
  let server: WebServer;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startWebServer({ env: { DATABASE_URL: database.url, RATE_LIMIT_AUTH: "3/1m" } });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("sessions: password sign-in through next-auth is throttled per username like auth.login, with the contract's 429", async () => {
    const username = uniqueName("victim");
    // Attempts from one client on one username: the third is still answered, the fourth is throttled before any hashing.
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await signIn(client(server), username, `guess number ${i}`)).status);
    expect(statuses).toEqual([401, 401, 401]);
    const throttled = await signIn(client(server), username, "guess number 4");
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toMatch(/^\d+$/);
    const body = (await throttled.json()) as {
      error: { code: string; message: string; requestId: string };
    };
    expect(body.error.code).toBe("TOO_MANY_REQUESTS");
    expect(body.error.message).toMatch(
      /^Request was throttled\. Expected available in \d+ seconds\.$/,
    );
    expect(body.error.requestId).toBe(throttled.headers.get("x-request-id"));
  });
});

/** oidc-provider behind a plain http server, so its URL is known before the app (and so the client's redirect URI) is. */
async function startOidcProvider(): Promise<{
  issuer: string;
  setClient(redirectUri: string): void;
  close(): Promise<void>;
}> {
  const port = await getFreePort();
  const issuer = `http://127.0.0.1:${port}`;
  let handler: ReturnType<Provider["callback"]> | undefined;
  const httpServer: Server = createServer((req, res) => {
    if (!handler) {
      res.statusCode = 503;
      res.end();
      return;
    }
    void handler(req, res);
  });
  await new Promise<void>((resolve) => httpServer.listen(port, "127.0.0.1", resolve));
  return {
    issuer,
    setClient(redirectUri) {
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: "taskfort",
            client_secret: "taskfort-oidc-test-secret",
            redirect_uris: [redirectUri],
            response_types: ["code"],
            grant_types: ["authorization_code"],
          },
        ],
        claims: { openid: ["sub"], profile: ["preferred_username", "name"], email: ["email"] },
        findAccount: (_ctx: unknown, sub: string) => ({
          accountId: sub,
          claims: () => ({ sub, preferred_username: `sso.${sub}`, email: `${sub}@idp.test` }),
        }),
        cookies: { keys: ["oidc-test-cookie-key"] },
        features: { devInteractions: { enabled: true } },
      });
      handler = provider.callback();
    },
    close: () => new Promise<void>((resolve) => httpServer.close(() => resolve())),
  };
}

describe("OIDC sign-in against a local OpenID provider", () => {
  let database: TestDatabase;
  let server: WebServer;
  let idp: Awaited<ReturnType<typeof startOidcProvider>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    idp = await startOidcProvider();
    server = await startWebServer({
      env: {
        DATABASE_URL: database.url,
        AUTH_OIDC_ISSUER: idp.issuer,
        AUTH_OIDC_CLIENT_ID: "taskfort",
        AUTH_OIDC_CLIENT_SECRET: "taskfort-oidc-test-secret",
      },
    });
    idp.setClient(`${server.url}/api/auth/callback/oidc`);
  });
  afterAll(async () => {
    await server?.stop();
    await idp?.close();
    await database?.drop();
  });

  /** Walks the provider's login and consent pages as a browser would, and returns the app's final callback response. */
  async function signInWithOidc(subject: string): Promise<Client> {
    const app = client(server);
    const csrf = await csrfToken(app);
    const start = await app.fetch("/api/auth/signin/oidc", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken: csrf, callbackUrl: `${server.url}/`, json: "true" }),
    });
    const explain = (what: string) =>
      `${what}\n--- server output (tail) ---\n${server.output().slice(-4000)}`;
    let url = ((await start.json()) as { url: string }).url;
    expect(
      url.startsWith(`${idp.issuer}/`),
      explain(`sign-in did not go to the provider: ${url}`),
    ).toBe(true);

    const idpJar = new Jar();
    const idpFetch = async (target: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      if (idpJar.cookies.size) headers.set("cookie", idpJar.header());
      const res = await fetch(target, { ...init, headers, redirect: "manual" });
      idpJar.take(res);
      return res;
    };
    for (let step = 0; step < 12; step++) {
      if (url.startsWith(server.url)) break;
      const res = await idpFetch(url);
      if (res.status >= 300 && res.status < 400) {
        url = new URL(res.headers.get("location")!, url).toString();
        continue;
      }
      // An interaction page: fill in the login form or confirm consent.
      const html = await res.text();
      expect(
        res.status,
        explain(`provider answered ${res.status} at ${url}: ${html.slice(0, 500)}`),
      ).toBe(200);
      const action = new URL(/action="([^"]+)"/.exec(html)![1]!, url).toString();
      const prompt = /name="prompt" value="([^"]+)"/.exec(html)![1]!;
      const form: Record<string, string> =
        prompt === "login" ? { prompt, login: subject, password: "irrelevant" } : { prompt };
      const posted = await idpFetch(action, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(form),
      });
      url = new URL(posted.headers.get("location")!, action).toString();
    }
    expect(
      url.startsWith(`${server.url}/api/auth/callback/oidc`),
      explain(`provider did not send us back: ${url}`),
    ).toBe(true);
    const callback = await app.fetch(url.slice(server.url.length));
    expect(callback.status, explain(`callback answered ${callback.status}`)).toBe(302);
    expect(
      callback.headers.get("location"),
      explain("callback redirected to an error"),
    ).not.toMatch(/error/);
    return app;
  }

  it("oidc: the first sign-in creates a linked account, later sign-ins reuse it, and the session works", async () => {
    const subject = `sub${Date.now().toString(36)}`;
    const first = await signInWithOidc(subject);
    expect(first.jar.cookies.get(SESSION_COOKIE)).toBeTruthy();
    const account = await database.db.account.findUniqueOrThrow({
      where: { provider_providerAccountId: { provider: "oidc", providerAccountId: subject } },
      include: { user: true },
    });
    expect(account.user.username).toBe(`sso.${subject}`);
    expect(account.user.passwordHash).toBeNull();
    const providers = (await (await client(server).fetch("/api/auth/providers")).json()) as Record<
      string,
      unknown
    >;
    expect(Object.keys(providers).sort()).toEqual(["credentials", "oidc", "passkey"]);
    expect((await trpcQuery(first, "task.list")).status).toBe(200);

    await signInWithOidc(subject);
    expect(await database.db.account.count({ where: { providerAccountId: subject } })).toBe(1);
    expect(
      await database.db.user.count({ where: { usernameKey: { startsWith: `sso.${subject}` } } }),
    ).toBe(1);
    expect(await database.db.session.count({ where: { userId: account.userId } })).toBe(2);
  });
});
