import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../test/db";
import { flushBackgroundWork } from "../background";
import { createContextInner } from "../context";
import { createUser } from "../test/principals";
import { userForOidcSignIn } from "./oidc";

const testDb = useTestDatabase();

const ctx = () => createContextInner({ db: testDb(), principal: null });
let n = 0;
const subject = () => `sub-${Date.now().toString(36)}-${n++}`;

describe("OIDC account linking", () => {
  it("oidc: the first sign-in creates a password-less user linked by (provider, sub); the next finds it", async () => {
    const sub = subject();
    const name = `Sso_${sub}`.slice(0, 30);
    const first = await userForOidcSignIn(ctx(), {
      provider: "oidc",
      subject: sub,
      suggestedUsername: name,
    });
    expect(first).toMatchObject({ username: name, role: "USER" });
    const again = await userForOidcSignIn(ctx(), {
      provider: "oidc",
      subject: sub,
      suggestedUsername: "something else",
    });
    expect(again?.id).toBe(first!.id);
    const row = await testDb().user.findUniqueOrThrow({
      where: { id: first!.id },
      include: { accounts: true },
    });
    expect(row.passwordHash).toBeNull();
    expect(row.accounts.map((a) => [a.provider, a.providerAccountId])).toEqual([["oidc", sub]]);
  });

  it("oidc: an existing local account with the same username is never taken over; the new user gets another name", async () => {
    const local = await createUser(testDb(), { username: `taken_${Date.now().toString(36)}` });
    const linked = await userForOidcSignIn(ctx(), {
      provider: "oidc",
      subject: subject(),
      suggestedUsername: local.username.toUpperCase(),
    });
    expect(linked!.id).not.toBe(local.id);
    expect(linked!.username.toLowerCase().startsWith(`${local.username}-`)).toBe(true);
    expect(await testDb().account.count({ where: { userId: local.id } })).toBe(0);
  });

  it("oidc: unusable suggested names fall back to a valid username", async () => {
    const user = await userForOidcSignIn(ctx(), {
      provider: "oidc",
      subject: subject(),
      suggestedUsername: "é@",
    });
    expect(user!.username).toMatch(/^[A-Za-z0-9_.-]{3,32}$/);
  });

  it("oidc: a disabled linked user is refused, and the refusal is audited", async () => {
    const sub = subject();
    const user = await userForOidcSignIn(ctx(), {
      provider: "oidc",
      subject: sub,
      suggestedUsername: "to.disable",
    });
    await testDb().user.update({ where: { id: user!.id }, data: { disabledAt: new Date() } });
    expect(await userForOidcSignIn(ctx(), { provider: "oidc", subject: sub })).toBeNull();
    await flushBackgroundWork();
    const failure = await testDb().auditEvent.findFirst({
      where: { action: "auth.login.failure", target: user!.id },
    });
    expect(failure?.meta).toMatchObject({ reason: "disabled", via: "oidc" });
  });
});
