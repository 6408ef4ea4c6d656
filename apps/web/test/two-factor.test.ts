// Two factors over real HTTP (`next start`, fresh database), from the attacker's side: the
// REST endpoints, the password-only paths that must not yield a session or a token (REST
// login, tRPC auth.login, next-auth's credentials callback), replayed and brute-forced codes,
// another user's passkey, API tokens, and REQUIRE_ADMIN_2FA over REST. The database is read
// afterwards to check that refused writes did not happen.
import { randomBytes } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call,
  expectEnvelope,
  newUser,
  PASSWORD,
  sessionCookie,
  startRestApp,
  type RestApp,
  type User,
} from "./rest/helpers";

const OTP_REQUIRED = "Enter the 6-digit code from your authenticator app, or a recovery code.";
const OTP_INVALID = "That code is not valid.";

const codeAt = (secret: string, offsetSteps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
    timestamp: Date.now() + offsetSteps * 30_000,
  });

/** Enrols `user` through REST with a browser session; returns the secret and the recovery codes. */
async function enrol(app: RestApp, user: User) {
  const cookie = await sessionCookie(app, user.username);
  const begin = await call(app, "POST", "/me/two-factor", { cookie, body: {} });
  expect(begin.status, begin.text).toBe(200);
  const secret = begin.body.secret as string;
  const confirm = await call(app, "POST", "/me/two-factor/confirm", {
    cookie,
    body: { code: codeAt(secret, -1) },
  });
  expect(confirm.status, confirm.text).toBe(200);
  return { cookie, secret, recoveryCodes: confirm.body.recoveryCodes as string[] };
}

/** next-auth's credentials callback as a browser posts it; says whether a session cookie came back. */
async function credentialsSignIn(app: RestApp, fields: Record<string, string>) {
  const csrf = await fetch(`${app.server.url}/api/auth/csrf`);
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${app.server.url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-auth-return-redirect": "1",
      cookie: csrfCookie,
      origin: app.server.url,
    },
    body: new URLSearchParams({ ...fields, csrfToken, json: "true" }),
  });
  const body = (await res.json().catch(() => ({}))) as { url?: string };
  return {
    status: res.status,
    session: res.headers.getSetCookie().some((c) => c.includes("next-auth.session-token=")),
    error: body.url ? new URL(body.url).searchParams.get("error") : null,
  };
}

describe("two factors over HTTP", () => {
  let app: RestApp;
  beforeAll(async () => {
    app = await startRestApp({ RATE_LIMIT_OTP: "1000/1m" });
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("REST: enrolment is session-only; an API token gets 403 and writes nothing", async () => {
    const user = await newUser(app, "tf_token");
    for (const [method, path, body] of [
      ["POST", "/me/two-factor", {}],
      ["POST", "/me/two-factor/confirm", { code: "123456" }],
      ["DELETE", "/me/two-factor", { password: PASSWORD, code: "123456" }],
      ["GET", "/me/passkeys", undefined],
    ] as const)
      expectEnvelope(await call(app, method, path, { token: user.token, body }), 403, "FORBIDDEN");
    expect(await app.database.db.twoFactor.count({ where: { userId: user.id } })).toBe(0);
    expectEnvelope(await call(app, "POST", "/me/two-factor", { body: {} }), 401, "UNAUTHORIZED");
  });

  it("REST: enrol and confirm give a secret and ten recovery codes; the rows hold neither", async () => {
    const user = await newUser(app, "tf_enrol");
    const { secret, recoveryCodes } = await enrol(app, user);
    expect(recoveryCodes).toHaveLength(10);
    const row = await app.database.db.twoFactor.findUniqueOrThrow({ where: { userId: user.id } });
    expect(row.confirmedAt).not.toBeNull();
    expect(row.secretEnc).not.toContain(secret);
    const codes = JSON.stringify(
      await app.database.db.recoveryCode.findMany({ where: { userId: user.id } }),
    );
    for (const code of recoveryCodes) expect(codes).not.toContain(code);
  });

  it("REST login: a right password without otp is 401 with fields.otp, a wrong one the usual 401; no token either way", async () => {
    const user = await newUser(app, "tf_login");
    await enrol(app, user);
    const tokensBefore = await app.database.db.apiToken.count({ where: { ownerId: user.id } });
    const missing = await call(app, "POST", "/auth/login", {
      body: { username: user.username, password: PASSWORD },
    });
    expect(expectEnvelope(missing, 401, "UNAUTHORIZED", OTP_REQUIRED)).toEqual({
      otp: [OTP_REQUIRED],
    });
    const wrong = await call(app, "POST", "/auth/login", {
      body: { username: user.username, password: "not the password at all" },
    });
    const unknown = await call(app, "POST", "/auth/login", {
      body: { username: `nobody_${randomBytes(4).toString("hex")}`, password: PASSWORD },
    });
    for (const res of [wrong, unknown])
      expect(expectEnvelope(res, 401, "UNAUTHORIZED", "Invalid username or password.")).toBe(
        undefined,
      );
    // The tRPC surface of the same procedure: no token without the code either.
    const trpc = await fetch(`${app.server.url}/api/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: user.username, password: PASSWORD }),
    });
    expect(trpc.status).toBe(401);
    expect(JSON.stringify(await trpc.json())).toContain('"otp"');
    expect(await app.database.db.apiToken.count({ where: { ownerId: user.id } })).toBe(
      tokensBefore,
    );
  });

  it("REST login: a code works once; replaying it is refused; a recovery code works once", async () => {
    const user = await newUser(app, "tf_replay");
    const { secret, recoveryCodes } = await enrol(app, user);
    const login = (otp: string) =>
      call(app, "POST", "/auth/login", {
        body: { username: user.username, password: PASSWORD, otp },
      });
    const code = codeAt(secret);
    expect((await login(code)).status).toBe(200);
    expect(expectEnvelope(await login(code), 401, "UNAUTHORIZED", OTP_INVALID)).toEqual({
      otp: [OTP_INVALID],
    });
    expect((await login(recoveryCodes[0]!)).status).toBe(200);
    expectEnvelope(await login(recoveryCodes[0]!), 401, "UNAUTHORIZED", OTP_INVALID);
    const used = await app.database.db.recoveryCode.count({
      where: { userId: user.id, usedAt: { not: null } },
    });
    expect(used).toBe(1);
  });

  it("browser sign-in: the password alone sets no session; with the code it does", async () => {
    const user = await newUser(app, "tf_browser");
    const { secret } = await enrol(app, user);
    const sessionsBefore = await app.database.db.session.count({ where: { userId: user.id } });
    const passwordOnly = await credentialsSignIn(app, {
      username: user.username,
      password: PASSWORD,
    });
    expect(passwordOnly).toMatchObject({ status: 401, session: false, error: "OtpRequired" });
    const wrongCode = await credentialsSignIn(app, {
      username: user.username,
      password: PASSWORD,
      otp: "000000",
    });
    expect(wrongCode).toMatchObject({ status: 401, session: false, error: "OtpInvalid" });
    // A wrong password says nothing about a second factor.
    const wrongPassword = await credentialsSignIn(app, {
      username: user.username,
      password: "not the password at all",
    });
    expect(wrongPassword).toMatchObject({
      status: 401,
      session: false,
      error: "CredentialsSignin",
    });
    expect(await app.database.db.session.count({ where: { userId: user.id } })).toBe(
      sessionsBefore,
    );
    const withCode = await credentialsSignIn(app, {
      username: user.username,
      password: PASSWORD,
      otp: codeAt(secret, 1),
    });
    expect(withCode).toMatchObject({ session: true, error: null });
    expect(await app.database.db.session.count({ where: { userId: user.id } })).toBe(
      sessionsBefore + 1,
    );
  });

  it("REST: DELETE /me/two-factor takes a JSON body and needs the password and a code", async () => {
    const user = await newUser(app, "tf_disable");
    const { cookie, recoveryCodes } = await enrol(app, user);
    const wrongCode = await call(app, "DELETE", "/me/two-factor", {
      cookie,
      body: { password: PASSWORD, code: "000000" },
    });
    expect(expectEnvelope(wrongCode, 400, "BAD_REQUEST")).toEqual({ code: [OTP_INVALID] });
    const wrongPassword = await call(app, "DELETE", "/me/two-factor", {
      cookie,
      body: { password: "not the password at all", code: recoveryCodes[1]! },
    });
    expect(Object.keys(expectEnvelope(wrongPassword, 400, "BAD_REQUEST") ?? {})).toEqual([
      "password",
    ]);
    expect(await app.database.db.twoFactor.count({ where: { userId: user.id } })).toBe(1);
    const ok = await call(app, "DELETE", "/me/two-factor", {
      cookie,
      body: { password: PASSWORD, code: recoveryCodes[2]! },
    });
    expect(ok.status, ok.text).toBe(204);
    expect(await app.database.db.twoFactor.count({ where: { userId: user.id } })).toBe(0);
  });

  it("REST: another user's passkey cannot be removed or renamed (404, row untouched)", async () => {
    const owner = await newUser(app, "tf_pk_owner");
    const attacker = await newUser(app, "tf_pk_attacker");
    const passkey = await app.database.db.passkey.create({
      data: {
        userId: owner.id,
        name: "owner's key",
        credentialId: randomBytes(16).toString("base64url"),
        publicKey: randomBytes(32),
        deviceType: "singleDevice",
      },
      select: { id: true },
    });
    const cookie = await sessionCookie(app, attacker.username);
    expectEnvelope(
      await call(app, "DELETE", `/me/passkeys/${passkey.id}`, { cookie }),
      404,
      "NOT_FOUND",
    );
    expectEnvelope(
      await call(app, "PATCH", `/me/passkeys/${passkey.id}`, { cookie, body: { name: "mine" } }),
      404,
      "NOT_FOUND",
    );
    const row = await app.database.db.passkey.findUniqueOrThrow({ where: { id: passkey.id } });
    expect(row.name).toBe("owner's key");
    const own = await call(app, "GET", "/me/passkeys", {
      cookie: await sessionCookie(app, owner.username),
    });
    expect(own.body).toEqual([expect.objectContaining({ id: passkey.id, name: "owner's key" })]);
    expect(JSON.stringify(own.body)).not.toMatch(/publicKey|credentialId|counter/);
  });
});

describe("code brute force over HTTP", () => {
  let app: RestApp;
  beforeAll(async () => {
    app = await startRestApp({ RATE_LIMIT_OTP: "5/15m" });
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("REST login: the 6th code attempt is 429 with Retry-After, even with the right code", async () => {
    const user = await newUser(app, "tf_brute");
    const { secret } = await enrol(app, user); // the confirm was attempt 1
    const before = await app.database.db.apiToken.count({ where: { ownerId: user.id } });
    for (let i = 0; i < 4; i++) {
      const res = await call(app, "POST", "/auth/login", {
        body: { username: user.username, password: PASSWORD, otp: String(100000 + i) },
      });
      expectEnvelope(res, 401, "UNAUTHORIZED", OTP_INVALID);
    }
    const sixth = await call(app, "POST", "/auth/login", {
      body: { username: user.username, password: PASSWORD, otp: codeAt(secret, 1) },
    });
    expectEnvelope(sixth, 429, "TOO_MANY_REQUESTS", /^Request was throttled\./);
    expect(Number(sixth.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await app.database.db.apiToken.count({ where: { ownerId: user.id } })).toBe(before);
  });
});

describe("REQUIRE_ADMIN_2FA over REST", () => {
  let app: RestApp;
  beforeAll(async () => {
    app = await startRestApp({ REQUIRE_ADMIN_2FA: "true" });
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("an admin without a second factor may only enrol; afterwards the admin API opens", async () => {
    const admin = await newUser(app, "tf_admin");
    await app.database.db.user.update({ where: { id: admin.id }, data: { role: "ADMIN" } });
    const cookie = await sessionCookie(app, admin.username);
    expectEnvelope(await call(app, "GET", "/admin/users", { cookie }), 403, "FORBIDDEN");
    expectEnvelope(await call(app, "GET", "/tasks", { cookie }), 403, "FORBIDDEN");
    const page = await fetch(`${app.server.url}/admin`, {
      headers: { cookie },
      redirect: "manual",
    });
    expect(page.status).toBeGreaterThanOrEqual(300);
    expect(page.headers.get("location")).toContain("/settings/account?enrol=1");
    const begin = await call(app, "POST", "/me/two-factor", { cookie, body: {} });
    expect(begin.status, begin.text).toBe(200);
    const confirm = await call(app, "POST", "/me/two-factor/confirm", {
      cookie,
      body: { code: codeAt(begin.body.secret as string) },
    });
    expect(confirm.status, confirm.text).toBe(200);
    const list = await call(app, "GET", "/admin/users", { cookie });
    expect(list.status, list.text).toBe(200);
    expect(list.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: admin.id, twoFactor: true })]),
    );
  });
});
