import * as argon2 from "@node-rs/argon2";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { useTestDatabase } from "../../test/db";
import { flushBackgroundWork } from "../../background";
import { authenticate } from "../../auth/authenticate";
import { commonPasswordCount, isCommonPassword } from "../../auth/common-passwords";
import { authMessages } from "../../schemas/auth";
import { callerFor, errorOf } from "../../test/trpc";

// A spy around the real hasher (it still hashes): counts how often a sign-in runs Argon2 verify.
vi.mock("@node-rs/argon2", async (importOriginal) => {
  const real = await importOriginal<typeof argon2>();
  return { ...real, verify: vi.fn(real.verify) };
});
const argon2Verify = vi.mocked(argon2.verify);

const testDb = useTestDatabase();

const PASSWORD = "correct horse battery staple 42";
const anonymous = () => callerFor(testDb(), null);
let n = 0;
const uniqueName = (base = "user") => `${base}_${Date.now().toString(36)}_${n++}`;

describe("auth.register", () => {
  it("auth: register creates a USER with an Argon2id hash and records auth.register", async () => {
    const username = uniqueName("Alice");
    const { user } = await anonymous().auth.register({ username, password: PASSWORD });
    expect(user).toMatchObject({ username, role: "USER" });
    const row = await testDb().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.usernameKey).toBe(username.toLowerCase());
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await flushBackgroundWork();
    const events = await testDb().auditEvent.findMany({
      where: { action: "auth.register", target: user.id },
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: user.id, ip: "127.0.0.1" });
    expect(events[0]!.requestId).toBeTruthy();
  });

  it("auth: usernames are unique case-insensitively (CONFLICT, message names no one)", async () => {
    const username = uniqueName("Bob");
    await anonymous().auth.register({ username, password: PASSWORD });
    const error = await errorOf(
      anonymous().auth.register({ username: username.toUpperCase(), password: PASSWORD }),
    );
    expect(error).toMatchObject({
      code: "CONFLICT",
      httpStatus: 409,
      message: authMessages.usernameTaken,
    });
    expect(await testDb().user.count({ where: { usernameKey: username.toLowerCase() } })).toBe(1);
  });

  it("auth: username rules give the contract's messages", async () => {
    const cases: [unknown, string][] = [
      ["ab", authMessages.usernameShort],
      ["a".repeat(33), authMessages.usernameLong],
      ["has space", authMessages.usernameChars],
      ["émile", authMessages.usernameChars],
      ["", "This field is required."],
      [undefined, "This field is required."],
    ];
    for (const [username, message] of cases) {
      const error = await errorOf(
        anonymous().auth.register({ username, password: PASSWORD } as never),
      );
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.fields?.username).toEqual([message]);
    }
    await expect(
      anonymous().auth.register({ username: uniqueName("ok.name-9"), password: PASSWORD }),
    ).resolves.toBeTruthy();
  });

  it("auth: password rules give the right messages and nothing is created", async () => {
    const username = uniqueName("carol");
    const cases: [string, string][] = [
      ["short1!", authMessages.passwordShort],
      ["x".repeat(129), authMessages.passwordLong],
      [username.toUpperCase(), authMessages.passwordIsUsername],
      [`${username.toUpperCase()} plus violet anchor`, authMessages.passwordContainsUsername],
      ["password", authMessages.passwordCommon],
      ["PassWord123", authMessages.passwordCommon],
      ["iloveyou", authMessages.passwordCommon],
    ];
    for (const [password, message] of cases) {
      const error = await errorOf(anonymous().auth.register({ username, password }));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.fields?.password).toEqual([message]);
    }
    expect(await testDb().user.count({ where: { usernameKey: username } })).toBe(0);
  });

  it("auth: the common-password list has at least 10,000 entries and is checked case-insensitively", async () => {
    expect(await commonPasswordCount()).toBeGreaterThanOrEqual(10_000);
    expect(await isCommonPassword("QWERTY123")).toBe(true);
    expect(await isCommonPassword("Tr0ub4dor&3-unusual-enough")).toBe(false);
  });

  it("auth: unknown fields such as role are rejected", async () => {
    const error = await errorOf(
      anonymous().auth.register({
        username: uniqueName(),
        password: PASSWORD,
        role: "ADMIN",
      } as never),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.fields?.role).toBeTruthy();
  });
});

describe("auth.login", () => {
  let username: string;
  beforeEach(async () => {
    username = uniqueName("dave");
    await anonymous().auth.register({ username, password: PASSWORD });
  });

  it("auth: login returns a new read+write token that authenticates as the user", async () => {
    const result = await anonymous().auth.login({
      username: username.toUpperCase(),
      password: PASSWORD,
    });
    expect(result.user.username).toBe(username);
    expect(result.token).toMatch(/^tf_/);
    const days = (Date.parse(result.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThanOrEqual(90);
    const { principal } = await authenticate(testDb(), {
      authorization: `Bearer ${result.token}`,
      session: null,
    });
    expect(principal).toMatchObject({
      kind: "token",
      user: { id: result.user.id },
      scopes: ["tasks:read", "tasks:write"],
    });
  });

  it("auth: unknown username and wrong password give the same response and run the hasher the same number of times", async () => {
    const attempt = async (input: { username: string; password: string }) => {
      const before = argon2Verify.mock.calls.length;
      const error = await errorOf(anonymous().auth.login(input));
      return {
        error: { ...error, requestId: undefined },
        runs: argon2Verify.mock.calls.length - before,
      };
    };
    const unknown = await attempt({ username: uniqueName("nobody"), password: PASSWORD });
    const wrong = await attempt({ username, password: `${PASSWORD}!` });
    expect(unknown.error).toEqual(wrong.error);
    expect(unknown.error).toMatchObject({
      code: "UNAUTHORIZED",
      httpStatus: 401,
      message: authMessages.badCredentials,
    });
    expect(unknown.runs).toBe(1);
    expect(wrong.runs).toBe(1);
    expect(await testDb().apiToken.count({ where: { owner: { usernameKey: username } } })).toBe(0);
  });

  it("auth: a disabled user cannot sign in, and gets the same answer as a wrong password", async () => {
    await testDb().user.update({
      where: { usernameKey: username },
      data: { disabledAt: new Date() },
    });
    const before = argon2Verify.mock.calls.length;
    const error = await errorOf(anonymous().auth.login({ username, password: PASSWORD }));
    expect(argon2Verify.mock.calls.length - before).toBe(1);
    expect(error).toMatchObject({ code: "UNAUTHORIZED", message: authMessages.badCredentials });
    expect(await testDb().apiToken.count({ where: { owner: { usernameKey: username } } })).toBe(0);
  });

  it("auth: sign-in success and failure are audited, with the failure reason for admins only", async () => {
    const user = await testDb().user.findUniqueOrThrow({ where: { usernameKey: username } });
    await anonymous().auth.login({ username, password: PASSWORD });
    await errorOf(anonymous().auth.login({ username, password: "wrong password here" }));
    await flushBackgroundWork();
    const events = await testDb().auditEvent.findMany({
      where: { target: user.id, action: { startsWith: "auth.login" } },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => e.action).sort()).toEqual([
      "auth.login.failure",
      "auth.login.success",
    ]);
    const failure = events.find((e) => e.action === "auth.login.failure")!;
    expect(failure.meta).toMatchObject({ reason: "bad-password", username });
    expect(JSON.stringify(events)).not.toContain("wrong password here");
  });
});
