// Passkey procedures without a browser: the parts an attacker can reach directly. (A real
// registration and sign-in with an authenticator are in e2e/tests/account/two-factor.spec.ts.)
import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flushBackgroundWork } from "../../background";
import { PASSKEY_CHALLENGE_TTL_MS, relyingParty, verifyPasskeySignIn } from "../../auth/passkeys";
import { createContextInner, type Principal } from "../../context";
import { createCaller } from "../../index";
import { createMemoryRateLimiter } from "../../ratelimit";
import { useTestDatabase } from "../../test/db";
import { signedInUser, tokenPrincipal } from "../../test/principals";
import { callerFor, errorOf } from "../../test/trpc";

const testDb = useTestDatabase();
const ORIGIN = "http://localhost:3999";

const as = (principal: Principal | null) =>
  createCaller(
    createContextInner({
      db: testDb(),
      principal,
      limiter: createMemoryRateLimiter(),
      requestOrigin: {
        method: "POST",
        origin: ORIGIN,
        secFetchSite: "same-origin",
        appOrigin: ORIGIN,
      },
    }),
  );

const eventCtx = () => ({ db: testDb(), ip: "127.0.0.1", requestId: "test", user: null });

/** A sign-in response for `challenge` with a made-up credential and signature. */
function forgedResponse(challenge: string, credentialId = randomBytes(16).toString("base64url")) {
  const clientData = { type: "webauthn.get", challenge, origin: ORIGIN };
  return {
    id: credentialId,
    rawId: credentialId,
    type: "public-key",
    clientExtensionResults: {},
    response: {
      clientDataJSON: Buffer.from(JSON.stringify(clientData)).toString("base64url"),
      authenticatorData: randomBytes(37).toString("base64url"),
      signature: randomBytes(64).toString("base64url"),
    },
  };
}

async function addPasskeyRow(userId: string) {
  return testDb().passkey.create({
    data: {
      userId,
      name: "key",
      credentialId: randomBytes(16).toString("base64url"),
      publicKey: randomBytes(77),
      deviceType: "singleDevice",
    },
    select: { id: true, credentialId: true },
  });
}

describe("passkeys", () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ["Date"] }));
  afterEach(() => vi.useRealTimers());

  it("passkeys: sign-in options ask for user verification and discoverable credentials, with a stored challenge", async () => {
    const options = await as(null).passkey.signInOptions();
    expect(options).toMatchObject({ rpId: "localhost", userVerification: "required" });
    expect(options.allowCredentials ?? []).toEqual([]);
    const row = await testDb().webAuthnChallenge.findUniqueOrThrow({
      where: { challenge: options.challenge as string },
    });
    expect(row).toMatchObject({ purpose: "sign-in", userId: null });
    expect(row.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(PASSKEY_CHALLENGE_TTL_MS);
  });

  it("passkeys: a challenge is spent by the first attempt, even a failed one, and expires", async () => {
    const { user } = await signedInUser(testDb());
    const key = await addPasskeyRow(user.id);
    const rp = relyingParty(ORIGIN);
    const first = await as(null).passkey.signInOptions();
    const forged = forgedResponse(first.challenge as string, key.credentialId);
    expect(await verifyPasskeySignIn(eventCtx(), rp, forged)).toBeNull();
    expect(
      await testDb().webAuthnChallenge.count({ where: { challenge: first.challenge as string } }),
    ).toBe(0);
    // A made-up challenge, and one that has expired, are refused before any verification.
    expect(await verifyPasskeySignIn(eventCtx(), rp, forgedResponse("made-up"))).toBeNull();
    const second = await as(null).passkey.signInOptions();
    vi.setSystemTime(Date.now() + PASSKEY_CHALLENGE_TTL_MS + 1_000);
    expect(
      await verifyPasskeySignIn(eventCtx(), rp, forgedResponse(second.challenge as string)),
    ).toBeNull();
    const untouched = await testDb().passkey.findUniqueOrThrow({ where: { id: key.id } });
    expect(untouched.lastUsedAt).toBeNull();
    await flushBackgroundWork();
    expect(await testDb().auditEvent.count({ where: { action: "auth.passkey.login" } })).toBe(0);
  });

  it("passkeys: a registration response needs this user's live challenge", async () => {
    const alice = await signedInUser(testDb());
    const mallory = await signedInUser(testDb());
    const options = await as(alice.principal).passkey.registrationOptions();
    expect(options).toMatchObject({
      rp: { id: "localhost", name: "Taskfort" },
      authenticatorSelection: { residentKey: "required", userVerification: "required" },
    });
    // Mallory replays Alice's challenge into her own registration: refused, nothing stored.
    const stolen = {
      id: "x",
      rawId: "x",
      type: "public-key",
      clientExtensionResults: {},
      response: {
        clientDataJSON: Buffer.from(
          JSON.stringify({ type: "webauthn.create", challenge: options.challenge, origin: ORIGIN }),
        ).toString("base64url"),
        attestationObject: randomBytes(64).toString("base64url"),
      },
    };
    const error = await errorOf(
      as(mallory.principal).passkey.add({ name: "mine", response: stolen }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(await testDb().passkey.count({ where: { userId: mallory.user.id } })).toBe(0);
    expect(
      await testDb().webAuthnChallenge.count({ where: { challenge: options.challenge as string } }),
    ).toBe(1);
  });

  it("passkeys: another user's passkey is NOT_FOUND for rename and delete, and stays", async () => {
    const owner = await signedInUser(testDb());
    const other = await signedInUser(testDb());
    const key = await addPasskeyRow(owner.user.id);
    expect((await errorOf(as(other.principal).passkey.delete({ id: key.id }))).code).toBe(
      "NOT_FOUND",
    );
    expect(
      (await errorOf(as(other.principal).passkey.rename({ id: key.id, name: "mine" }))).code,
    ).toBe("NOT_FOUND");
    expect(await testDb().passkey.findUniqueOrThrow({ where: { id: key.id } })).toMatchObject({
      name: "key",
    });
    expect(await as(other.principal).passkey.list()).toEqual([]);
    await as(owner.principal).passkey.delete({ id: key.id });
    expect(await testDb().passkey.count({ where: { id: key.id } })).toBe(0);
    await flushBackgroundWork();
    expect(
      await testDb().auditEvent.count({ where: { action: "auth.passkey.remove", target: key.id } }),
    ).toBe(1);
  });

  it("passkeys: API tokens and anonymous callers cannot list, add or remove passkeys", async () => {
    const { user } = await signedInUser(testDb());
    const key = await addPasskeyRow(user.id);
    const token = await tokenPrincipal(testDb(), user, ["tasks:read", "tasks:write"]);
    for (const caller of [callerFor(testDb(), token), callerFor(testDb(), null)]) {
      // One at a time: calls started together would reject before their handlers are attached.
      for (const call of [
        () => caller.passkey.list(),
        () => caller.passkey.registrationOptions(),
        () => caller.passkey.delete({ id: key.id }),
      ])
        expect(["FORBIDDEN", "UNAUTHORIZED"]).toContain((await errorOf(call())).code);
    }
    expect(await testDb().passkey.count({ where: { id: key.id } })).toBe(1);
  });
});
