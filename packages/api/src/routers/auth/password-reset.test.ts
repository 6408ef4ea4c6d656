import { describe, expect, it } from "vitest";
import { flushBackgroundWork } from "../../background";
import { authenticate } from "../../auth/authenticate";
import { issueOneTimeToken } from "../../auth/one-time-token";
import { hashPassword, verifyPassword } from "../../auth/password";
import type { AuthUser, Principal } from "../../context";
import { accountMessages } from "../../schemas/account";
import { authMessages } from "../../schemas/auth";
import { useTestDatabase } from "../../test/db";
import { useMailCatcher } from "../../test/mail";
import { createUser, sessionPrincipal, signedInUser, tokenPrincipal } from "../../test/principals";
import { callerFor, errorOf } from "../../test/trpc";
import { FORGOT_PASSWORD_ANSWER } from "./forgot-password";

const testDb = useTestDatabase();
const NEW_PASSWORD = "a brand new passphrase 77";

const mail = useMailCatcher();

const anonymous = () => callerFor(testDb(), null);

/** A user with a verified email and a live session. */
async function withVerifiedEmail(): Promise<{ user: AuthUser; email: string; session: Principal }> {
  const user = await createUser(testDb());
  const email = `${user.username}@example.com`;
  await testDb().user.update({
    where: { id: user.id },
    data: {
      passwordHash: await hashPassword("the old passphrase 1"),
      email,
      emailKey: email,
      emailVerifiedAt: new Date(),
    },
  });
  return { user, email, session: await sessionPrincipal(testDb(), user) };
}

async function requestLink(username: string, email: string): Promise<string> {
  const since = mail().mails.length;
  await anonymous().auth.forgotPassword({ username });
  await flushBackgroundWork();
  const received = await mail().waitFor(email, { since });
  return new URLSearchParams(new URL(mail().linkIn(received)).hash.slice(1)).get("token")!;
}

describe("auth.forgotPassword / auth.resetPassword", () => {
  it("reset: the mailed link sets the password once, ends every session, and is audited", async () => {
    const { user, email, session } = await withVerifiedEmail();
    const other = await sessionPrincipal(testDb(), user);
    const token = await requestLink(user.username.toUpperCase(), email);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await testDb().oneTimeToken.findFirstOrThrow({ where: { userId: user.id } });
    expect(row.tokenHash).not.toContain(token);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeLessThanOrEqual(
      30 * 60_000 + 1_000,
    );

    await anonymous().auth.resetPassword({ token, newPassword: NEW_PASSWORD });
    const after = await testDb().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(after.passwordHash, NEW_PASSWORD)).toBe(true);
    expect(await testDb().session.count({ where: { userId: user.id } })).toBe(0);
    for (const p of [session, other]) {
      const ref = { userId: user.id, sessionId: (p as { sessionId: string }).sessionId };
      expect(
        (await authenticate(testDb(), { authorization: null, session: ref })).principal,
      ).toBeNull();
    }
    const reused = await errorOf(
      anonymous().auth.resetPassword({ token, newPassword: "yet another passphrase 9" }),
    );
    expect(reused).toMatchObject({ code: "BAD_REQUEST" });
    expect(reused.fields?.token).toEqual([accountMessages.linkInvalid]);
    await flushBackgroundWork();
    const actions = (await testDb().auditEvent.findMany({ where: { target: user.id } })).map(
      (e) => e.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining(["auth.password.reset.request", "auth.password.reset"]),
    );
  });

  it("reset: expired, reused, superseded and foreign tokens all get the same answer and change nothing", async () => {
    const { user, email } = await withVerifiedEmail();
    const hashBefore = (await testDb().user.findUniqueOrThrow({ where: { id: user.id } }))
      .passwordHash;
    const first = await requestLink(user.username, email);
    const second = await requestLink(user.username, email);
    const expired = await requestLink(user.username, email);
    await testDb().oneTimeToken.updateMany({
      where: { userId: user.id },
      data: { expiresAt: new Date(Date.now() - 1_000) },
    });
    // A verification link's token is "foreign" to the reset endpoint.
    const { secret: verifyToken } = await issueOneTimeToken(testDb(), user.id, "email-verify", {
      email,
    });
    const attempts = [first, second, expired, verifyToken, "A".repeat(43), "short"];
    const answers = [];
    for (const token of attempts) {
      const error = await errorOf(
        anonymous().auth.resetPassword({ token, newPassword: NEW_PASSWORD }),
      );
      answers.push({ ...error, requestId: undefined });
    }
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]).toMatchObject({
      code: "BAD_REQUEST",
      fields: { token: [accountMessages.linkInvalid] },
    });
    expect((await testDb().user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(
      hashBefore,
    );
  });

  it("reset: forgot-password answers the same whatever the name, and mails only a verified address", async () => {
    const { user: verified, email } = await withVerifiedEmail();
    const unverified = await createUser(testDb());
    await testDb().user.update({
      where: { id: unverified.id },
      data: { email: `${unverified.username}@example.com` },
    });
    const since = mail().mails.length;
    const answers = [];
    for (const username of [verified.username, unverified.username, `nobody_${Date.now()}`])
      answers.push(await anonymous().auth.forgotPassword({ username }));
    await flushBackgroundWork();
    for (const answer of answers) expect(answer).toEqual(FORGOT_PASSWORD_ANSWER);
    const sent = mail().mails.slice(since);
    expect(sent.map((m) => m.to)).toEqual([[email]]);
    expect(await testDb().oneTimeToken.count({ where: { userId: unverified.id } })).toBe(0);
  });

  it("reset: a new password that breaks the rules is refused without using the link up", async () => {
    const { user, email } = await withVerifiedEmail();
    const token = await requestLink(user.username, email);
    const weak = await errorOf(
      anonymous().auth.resetPassword({ token, newPassword: "password123" }),
    );
    expect(weak.fields?.newPassword).toEqual([authMessages.passwordCommon]);
    // Guessable though not on the common list: refused as at registration.
    const guessable = await errorOf(
      anonymous().auth.resetPassword({ token, newPassword: "abcabcabcabc" }),
    );
    expect(guessable.fields?.newPassword).toEqual([authMessages.passwordWeak]);
    await expect(
      anonymous().auth.resetPassword({ token, newPassword: NEW_PASSWORD }),
    ).resolves.toBeUndefined();
  });

  it("admin: reset-link gives an admin a working one-time link; anonymous, plain users and tokens cannot", async () => {
    const admin = await signedInUser(testDb(), { role: "ADMIN" });
    const plain = await signedInUser(testDb());
    const { user } = await withVerifiedEmail();
    expect((await errorOf(anonymous().admin.users.resetLink({ id: user.id }))).code).toBe(
      "UNAUTHORIZED",
    );
    expect(
      (await errorOf(callerFor(testDb(), plain.principal).admin.users.resetLink({ id: user.id })))
        .code,
    ).toBe("FORBIDDEN");
    const adminToken = await tokenPrincipal(testDb(), admin.user, ["tasks:read", "tasks:write"]);
    expect(
      (await errorOf(callerFor(testDb(), adminToken).admin.users.resetLink({ id: user.id }))).code,
    ).toBe("FORBIDDEN");
    expect(await testDb().oneTimeToken.count({ where: { userId: user.id } })).toBe(0);
    const link = await callerFor(testDb(), admin.principal).admin.users.resetLink({ id: user.id });
    expect(Date.parse(link.expiresAt) - Date.now()).toBeLessThanOrEqual(30 * 60_000);
    const token = new URLSearchParams(new URL(link.url).hash.slice(1)).get("token")!;
    await anonymous().auth.resetPassword({ token, newPassword: NEW_PASSWORD });
    await flushBackgroundWork();
    expect(
      await testDb().auditEvent.count({
        where: { action: "auth.password.reset.request", actorId: admin.user.id, target: user.id },
      }),
    ).toBe(1);
  });
});
