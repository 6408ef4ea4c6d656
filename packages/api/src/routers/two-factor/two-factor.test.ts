import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Secret, TOTP } from "otpauth";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setEnvForChildren } from "@taskfort/config/env";
import { flushBackgroundWork } from "../../background";
import { authenticate } from "../../auth/authenticate";
import { openTotpSecret, requireSecondFactor, secondFactorSummary } from "../../auth/second-factor";
import { createContextInner, type Principal } from "../../context";
import { createCaller } from "../../index";
import { createMemoryRateLimiter } from "../../ratelimit";
import type { RateLimiter } from "../../ratelimit/types";
import { authMessages } from "../../schemas/auth";
import { twoFactorMessages } from "../../schemas/two-factor";
import { useTestDatabase } from "../../test/db";
import { sessionPrincipal, tokenPrincipal } from "../../test/principals";
import { callerFor, errorOf } from "../../test/trpc";

// Real log lines in a file, so the canary checks below read what operators would read.
const logFile = join(tmpdir(), `taskfort-2fa-${randomBytes(4).toString("hex")}.jsonl`);
setEnvForChildren({ LOG_FILE: logFile, LOG_LEVEL: "info" });
delete (globalThis as { taskfortLogger?: unknown }).taskfortLogger;
afterAll(() => setEnvForChildren({ LOG_FILE: undefined, LOG_LEVEL: undefined }));

const testDb = useTestDatabase();
const PASSWORD = "correct horse battery staple 42";
const STEP_MS = 30_000;
let n = 0;
const uniqueName = () => `tf_${Date.now().toString(36)}_${n++}`;

// A fake clock (Date only: timers and the database stay real), started mid-step.
const T0 = Date.UTC(2026, 10, 27, 12, 0, 15);
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(T0);
});
afterEach(() => vi.useRealTimers());
const advanceSteps = (steps: number) => vi.setSystemTime(Date.now() + steps * STEP_MS);

function codeAt(secret: string, offsetSteps = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
    timestamp: Date.now() + offsetSteps * STEP_MS,
  });
}

const anonymous = (limiter?: RateLimiter) =>
  createCaller(
    createContextInner({
      db: testDb(),
      principal: null,
      limiter: limiter ?? createMemoryRateLimiter(),
    }),
  );
const as = (principal: Principal, limiter?: RateLimiter) =>
  createCaller(
    createContextInner({ db: testDb(), principal, limiter: limiter ?? createMemoryRateLimiter() }),
  );

async function registered() {
  const username = uniqueName();
  const { user } = await anonymous().auth.register({ username, password: PASSWORD });
  return { username, user, principal: await sessionPrincipal(testDb(), user) };
}

/** A user with the authenticator app on; the clock is moved past the confirming code's step. */
async function enrolled() {
  const account = await registered();
  const { secret } = await as(account.principal).twoFactor.begin();
  const { recoveryCodes } = await as(account.principal).twoFactor.confirm({
    code: codeAt(secret),
  });
  advanceSteps(1);
  return { ...account, secret, recoveryCodes };
}

const tokensOf = (userId: string) => testDb().apiToken.count({ where: { ownerId: userId } });

describe("two-factor enrolment", () => {
  it("2fa: begin gives a secret and otpauth URI, stored only encrypted and pending", async () => {
    const { principal, user, username } = await registered();
    const setup = await as(principal).twoFactor.begin();
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.otpauthUri).toContain("otpauth://totp/");
    expect(setup.otpauthUri).toContain(`secret=${setup.secret}`);
    expect(setup.otpauthUri).toContain(encodeURIComponent(username));
    const row = await testDb().twoFactor.findUniqueOrThrow({ where: { userId: user.id } });
    expect(row.confirmedAt).toBeNull();
    expect(row.secretEnc).not.toContain(setup.secret);
    expect(row.secretEnc).toMatch(/^v1\./);
    expect(openTotpSecret(row.secretEnc)?.plain).toBe(setup.secret);
    // Pending is not on: sign-in still needs no code.
    await expect(anonymous().auth.login({ username, password: PASSWORD })).resolves.toBeTruthy();
  });

  it("2fa: a wrong code does not confirm; the right one returns 10 recovery codes, stored hashed", async () => {
    const { principal, user } = await registered();
    const { secret } = await as(principal).twoFactor.begin();
    const wrong = await errorOf(as(principal).twoFactor.confirm({ code: codeAt(secret, 3) }));
    expect(wrong).toMatchObject({
      code: "BAD_REQUEST",
      fields: { code: [twoFactorMessages.otpInvalid] },
    });
    expect(
      (await testDb().twoFactor.findUniqueOrThrow({ where: { userId: user.id } })).confirmedAt,
    ).toBeNull();

    const { recoveryCodes } = await as(principal).twoFactor.confirm({ code: codeAt(secret) });
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const rows = await testDb().recoveryCode.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(10);
    const stored = JSON.stringify(rows);
    for (const code of recoveryCodes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replace(/-/g, ""));
    }
    expect(await as(principal).twoFactor.get()).toMatchObject({
      enabled: true,
      pending: false,
      recoveryCodesLeft: 10,
    });
    await flushBackgroundWork();
    expect(
      await testDb().auditEvent.count({ where: { action: "auth.2fa.enable", target: user.id } }),
    ).toBe(1);
    // Enrolling again while on is refused; the secret is unchanged.
    const before = await testDb().twoFactor.findUniqueOrThrow({ where: { userId: user.id } });
    expect((await errorOf(as(principal).twoFactor.begin())).code).toBe("CONFLICT");
    expect(
      (await testDb().twoFactor.findUniqueOrThrow({ where: { userId: user.id } })).secretEnc,
    ).toBe(before.secretEnc);
  });

  it("2fa: an API token cannot enrol, confirm or disable (session only), and nothing is written", async () => {
    const { user } = await registered();
    const token = await tokenPrincipal(testDb(), user, ["tasks:read", "tasks:write"]);
    for (const call of [
      () => as(token).twoFactor.begin(),
      () => as(token).twoFactor.confirm({ code: "123456" }),
      () => as(token).twoFactor.disable({ password: PASSWORD, code: "123456" }),
      () => as(token).twoFactor.get(),
    ]) {
      expect((await errorOf(call())).code).toBe("FORBIDDEN");
    }
    expect((await errorOf(callerFor(testDb(), null).twoFactor.begin())).code).toBe("UNAUTHORIZED");
    expect(await testDb().twoFactor.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("signing in with two factors (auth.login, the REST login)", () => {
  it("2fa: a right password without otp is 401 with fields.otp; a wrong one gets today's answer", async () => {
    const { username, user } = await enrolled();
    const missing = await errorOf(anonymous().auth.login({ username, password: PASSWORD }));
    expect(missing).toMatchObject({
      code: "UNAUTHORIZED",
      httpStatus: 401,
      fields: { otp: [twoFactorMessages.otpRequired] },
    });
    const wrongPassword = await errorOf(
      anonymous().auth.login({ username, password: `${PASSWORD}!` }),
    );
    const unknownUser = await errorOf(
      anonymous().auth.login({ username: uniqueName(), password: PASSWORD }),
    );
    // Nothing about the second factor before the password is right: no fields, the usual message.
    for (const e of [wrongPassword, unknownUser]) {
      expect(e).toMatchObject({ code: "UNAUTHORIZED", message: authMessages.badCredentials });
      expect(e.fields).toBeUndefined();
    }
    // A wrong password with a right code is still just a wrong password.
    const withCode = await errorOf(
      anonymous().auth.login({ username, password: `${PASSWORD}!`, otp: "000000" }),
    );
    expect(withCode.fields).toBeUndefined();
    expect(await tokensOf(user.id)).toBe(0);
  });

  it("2fa: a code signs in once; the same code again is refused (no replay in its window)", async () => {
    const { username, user, secret } = await enrolled();
    const code = codeAt(secret);
    const ok = await anonymous().auth.login({ username, password: PASSWORD, otp: code });
    expect(ok.user.id).toBe(user.id);
    const replay = await errorOf(
      anonymous().auth.login({ username, password: PASSWORD, otp: code }),
    );
    expect(replay).toMatchObject({
      code: "UNAUTHORIZED",
      fields: { otp: [twoFactorMessages.otpInvalid] },
    });
    expect(await tokensOf(user.id)).toBe(1);
    await flushBackgroundWork();
    expect(
      await testDb().auditEvent.count({ where: { action: "auth.2fa.failure", target: user.id } }),
    ).toBe(1);
  });

  it("2fa: codes one step either side are accepted, two steps away refused", async () => {
    const { username, user, secret } = await enrolled();
    const login = (otp: string) => anonymous().auth.login({ username, password: PASSWORD, otp });
    advanceSteps(5);
    expect((await errorOf(login(codeAt(secret, -2)))).fields?.otp).toBeTruthy();
    await expect(login(codeAt(secret, -1))).resolves.toBeTruthy();
    expect((await errorOf(login(codeAt(secret, +2)))).fields?.otp).toBeTruthy();
    await expect(login(codeAt(secret, +1))).resolves.toBeTruthy();
    // Now step +1 was used: the current step (earlier) is refused, as is +1 again.
    expect((await errorOf(login(codeAt(secret, 0)))).fields?.otp).toBeTruthy();
    expect(await tokensOf(user.id)).toBe(2);
  });

  it("2fa: each recovery code signs in exactly once, and only its owner", async () => {
    const { username, user, recoveryCodes } = await enrolled();
    const other = await enrolled();
    // Another user's recovery code is not this user's.
    expect(
      (
        await errorOf(
          anonymous().auth.login({ username, password: PASSWORD, otp: other.recoveryCodes[0]! }),
        )
      ).fields?.otp,
    ).toBeTruthy();
    for (const [i, code] of recoveryCodes.entries()) {
      // Typed in lower case without hyphens still counts.
      const typed = i % 2 ? code : code.toLowerCase().replace(/-/g, "");
      await expect(
        anonymous().auth.login({ username, password: PASSWORD, otp: typed }),
      ).resolves.toBeTruthy();
      const again = await errorOf(
        anonymous().auth.login({ username, password: PASSWORD, otp: code }),
      );
      expect(again.fields?.otp).toEqual([twoFactorMessages.otpInvalid]);
    }
    expect(await tokensOf(user.id)).toBe(10);
    expect(await testDb().recoveryCode.count({ where: { userId: user.id, usedAt: null } })).toBe(0);
    await flushBackgroundWork();
    expect(
      await testDb().auditEvent.count({ where: { action: "auth.recovery.used", target: user.id } }),
    ).toBe(10);
  });

  it("2fa: the 6th code attempt within the window is throttled (per user), even a right one", async () => {
    const { username, user, secret } = await enrolled();
    const limiter = createMemoryRateLimiter();
    for (let i = 0; i < 5; i++) {
      const e = await errorOf(
        anonymous(limiter).auth.login({ username, password: PASSWORD, otp: "000000" }),
      );
      expect(e.fields?.otp).toEqual([twoFactorMessages.otpInvalid]);
    }
    const sixth = await errorOf(
      anonymous(limiter).auth.login({ username, password: PASSWORD, otp: codeAt(secret) }),
    );
    expect(sixth).toMatchObject({ code: "TOO_MANY_REQUESTS", httpStatus: 429 });
    expect(sixth.message).toMatch(/^Request was throttled\. Expected available in \d+ seconds\.$/);
    expect(await tokensOf(user.id)).toBe(0);
    // The per-user bucket holds from another IP too (the limiter is shared by the process).
    const otherIp = createCaller(
      createContextInner({ db: testDb(), principal: null, limiter, ip: "203.0.113.9" }),
    );
    expect(
      (await errorOf(otherIp.auth.login({ username, password: PASSWORD, otp: codeAt(secret) })))
        .code,
    ).toBe("TOO_MANY_REQUESTS");
    // After the window the right code works again.
    advanceSteps(31);
    await expect(
      anonymous(limiter).auth.login({ username, password: PASSWORD, otp: codeAt(secret) }),
    ).resolves.toBeTruthy();
  });
});

describe("turning two factors off and renewing recovery codes", () => {
  it("2fa: disable needs both the password and a code", async () => {
    const { principal, user, secret } = await enrolled();
    const wrongPassword = await errorOf(
      as(principal).twoFactor.disable({ password: "not the password", code: codeAt(secret) }),
    );
    expect(wrongPassword).toMatchObject({
      code: "BAD_REQUEST",
      fields: { password: [twoFactorMessages.passwordWrong] },
    });
    advanceSteps(1);
    const wrongCode = await errorOf(
      as(principal).twoFactor.disable({ password: PASSWORD, code: "000000" }),
    );
    expect(wrongCode).toMatchObject({
      code: "BAD_REQUEST",
      fields: { code: [twoFactorMessages.otpInvalid] },
    });
    expect(await testDb().twoFactor.count({ where: { userId: user.id } })).toBe(1);

    await as(principal).twoFactor.disable({ password: PASSWORD, code: codeAt(secret) });
    expect(await testDb().twoFactor.count({ where: { userId: user.id } })).toBe(0);
    expect(await testDb().recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    await flushBackgroundWork();
    expect(
      await testDb().auditEvent.count({ where: { action: "auth.2fa.disable", target: user.id } }),
    ).toBe(1);
  });

  it("2fa: regenerating recovery codes voids the old ones", async () => {
    const { principal, username, recoveryCodes, secret } = await enrolled();
    const fresh = await as(principal).twoFactor.regenerateRecoveryCodes({ code: codeAt(secret) });
    expect(fresh.recoveryCodes).toHaveLength(10);
    const old = await errorOf(
      anonymous().auth.login({ username, password: PASSWORD, otp: recoveryCodes[0]! }),
    );
    expect(old.fields?.otp).toBeTruthy();
    await expect(
      anonymous().auth.login({ username, password: PASSWORD, otp: fresh.recoveryCodes[0]! }),
    ).resolves.toBeTruthy();
  });

  it("2fa: no secret, code or recovery code appears in the logs", async () => {
    const { principal, username, secret, recoveryCodes } = await enrolled();
    const code = codeAt(secret);
    await anonymous().auth.login({ username, password: PASSWORD, otp: code });
    await errorOf(anonymous().auth.login({ username, password: PASSWORD, otp: code }));
    await anonymous().auth.login({ username, password: PASSWORD, otp: recoveryCodes[1]! });
    await errorOf(as(principal).twoFactor.confirm({ code: "424242" }));
    await flushBackgroundWork();
    const logs = existsSync(logFile) ? readFileSync(logFile, "utf8") : "";
    expect(logs).toContain("auth.recovery.used");
    expect(logs).toContain("auth.2fa.failure");
    for (const canary of [secret, code, ...recoveryCodes, recoveryCodes[1]!.replace(/-/g, "")])
      expect(logs).not.toContain(canary);
    const audit = JSON.stringify(await testDb().auditEvent.findMany());
    for (const canary of [secret, code, ...recoveryCodes]) expect(audit).not.toContain(canary);
  });
});

describe("the account hooks (GET /me, DELETE /me)", () => {
  it("2fa: requireSecondFactor lets users without it through and needs a valid code from those with it", async () => {
    const plain = await registered();
    await expect(requireSecondFactor(testDb(), plain.user.id, undefined)).resolves.toBeUndefined();
    expect(await secondFactorSummary(testDb(), plain.user.id)).toEqual({
      twoFactor: false,
      passkeys: 0,
    });
    const { user, secret } = await enrolled();
    const ctx = createContextInner({
      db: testDb(),
      principal: null,
      limiter: createMemoryRateLimiter(),
    });
    const missing = await errorOf(requireSecondFactor(ctx, user.id, undefined));
    expect(missing).toMatchObject({
      code: "BAD_REQUEST",
      fields: { code: [twoFactorMessages.otpRequired] },
    });
    const wrong = await errorOf(requireSecondFactor(ctx, user.id, "000000"));
    expect(wrong).toMatchObject({
      code: "BAD_REQUEST",
      fields: { code: [twoFactorMessages.otpInvalid] },
    });
    await expect(requireSecondFactor(ctx, user.id, codeAt(secret))).resolves.toBeUndefined();
    expect(await secondFactorSummary(testDb(), user.id)).toEqual({ twoFactor: true, passkeys: 0 });
  });
});

describe("rotating AUTH_SECRET", () => {
  afterEach(() => setEnvForChildren({ AUTH_SECRET: undefined, AUTH_SECRET_PREVIOUS: undefined }));

  it("2fa: with AUTH_SECRET_PREVIOUS set, codes keep working and the secret is re-sealed under the new key", async () => {
    setEnvForChildren({ AUTH_SECRET: "the-old-auth-secret-at-least-32-characters" });
    const { username, user, secret } = await enrolled();
    const before = await testDb().twoFactor.findUniqueOrThrow({ where: { userId: user.id } });
    setEnvForChildren({
      AUTH_SECRET: "the-new-auth-secret-at-least-32-characters",
      AUTH_SECRET_PREVIOUS: "the-old-auth-secret-at-least-32-characters",
    });
    await expect(
      anonymous().auth.login({ username, password: PASSWORD, otp: codeAt(secret) }),
    ).resolves.toBeTruthy();
    const after = await testDb().twoFactor.findUniqueOrThrow({ where: { userId: user.id } });
    expect(after.secretEnc.split(".")[1]).not.toBe(before.secretEnc.split(".")[1]);
    // The previous secret can go now: the row opens under the new one alone.
    setEnvForChildren({ AUTH_SECRET_PREVIOUS: undefined });
    advanceSteps(1);
    await expect(
      anonymous().auth.login({ username, password: PASSWORD, otp: codeAt(secret) }),
    ).resolves.toBeTruthy();
  });
});

describe("admins and second factors", () => {
  afterEach(() => setEnvForChildren({ REQUIRE_ADMIN_2FA: undefined }));

  it("2fa: the admin user list shows who has a second factor", async () => {
    const admin = await registered();
    await testDb().user.update({ where: { id: admin.user.id }, data: { role: "ADMIN" } });
    const adminPrincipal = await sessionPrincipal(testDb(), { ...admin.user, role: "ADMIN" });
    const on = await enrolled();
    const off = await registered();
    const list = await as(adminPrincipal).admin.users.list({ pageSize: 100 });
    expect(list.items.find((u) => u.id === on.user.id)?.twoFactor).toBe(true);
    expect(list.items.find((u) => u.id === off.user.id)?.twoFactor).toBe(false);
  });

  it("2fa: an admin reset removes the factors, ends the user's sessions and is audited; non-admins cannot", async () => {
    const admin = await registered();
    await testDb().user.update({ where: { id: admin.user.id }, data: { role: "ADMIN" } });
    const adminPrincipal = await sessionPrincipal(testDb(), { ...admin.user, role: "ADMIN" });
    const victim = await enrolled();
    await testDb().passkey.create({
      data: {
        userId: victim.user.id,
        name: "phone",
        credentialId: randomBytes(16).toString("base64url"),
        publicKey: randomBytes(32),
        deviceType: "singleDevice",
      },
    });
    const stranger = await registered();
    expect(
      (await errorOf(as(stranger.principal).admin.users.resetSecondFactors({ id: victim.user.id })))
        .code,
    ).toBe("FORBIDDEN");
    expect(await testDb().twoFactor.count({ where: { userId: victim.user.id } })).toBe(1);

    const view = await as(adminPrincipal).admin.users.resetSecondFactors({ id: victim.user.id });
    expect(view.twoFactor).toBe(false);
    for (const count of [
      testDb().twoFactor.count({ where: { userId: victim.user.id } }),
      testDb().recoveryCode.count({ where: { userId: victim.user.id } }),
      testDb().passkey.count({ where: { userId: victim.user.id } }),
      testDb().session.count({ where: { userId: victim.user.id } }),
    ])
      expect(await count).toBe(0);
    const sessionRef = victim.principal.kind === "session" ? victim.principal.sessionId : "";
    const { principal } = await authenticate(testDb(), {
      authorization: null,
      session: { userId: victim.user.id, sessionId: sessionRef },
    });
    expect(principal).toBeNull();
    await flushBackgroundWork();
    const events = await testDb().auditEvent.findMany({
      where: { action: "admin.user.2fa.reset", target: victim.user.id },
    });
    expect(events).toHaveLength(1);
    expect(events[0]!.actorId).toBe(admin.user.id);
    // The password alone signs in again (the factors are gone).
    await expect(
      anonymous().auth.login({ username: victim.username, password: PASSWORD }),
    ).resolves.toBeTruthy();
  });

  it("2fa: REQUIRE_ADMIN_2FA lets an admin without a second factor only enrol", async () => {
    setEnvForChildren({ REQUIRE_ADMIN_2FA: "true" });
    const admin = await registered();
    await testDb().user.update({ where: { id: admin.user.id }, data: { role: "ADMIN" } });
    const principal = await sessionPrincipal(testDb(), { ...admin.user, role: "ADMIN" });
    // One at a time: calls started together would reject before their handlers are attached.
    for (const call of [
      () => as(principal).admin.users.list({}),
      () => as(principal).task.list({}),
      () => as(principal).token.list(),
    ]) {
      expect(await errorOf(call())).toMatchObject({
        code: "FORBIDDEN",
        message: twoFactorMessages.adminMustEnrol,
      });
    }
    const { secret } = await as(principal).twoFactor.begin();
    await as(principal).twoFactor.confirm({ code: codeAt(secret) });
    await expect(as(principal).admin.users.list({})).resolves.toBeTruthy();
    // A plain user is not affected.
    const user = await registered();
    await expect(as(user.principal).task.list({})).resolves.toBeTruthy();
  });
});
