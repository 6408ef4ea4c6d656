// Passkeys (WebAuthn) through @simplewebauthn/server. Registration and sign-in both need user
// verification (a PIN or biometric on the authenticator), so a passkey sign-in proves
// possession and knowledge or inherence at once: it counts as two factors. Sign-in uses
// discoverable credentials (no username typed first, so nothing about accounts leaks).
// Challenges are stored server-side, expire after a few minutes and are deleted by the one
// verification that uses them: a captured response cannot be replayed.
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { getEnv } from "@taskfort/config/env";
import type { Db } from "@taskfort/db";
import { recordSecurityEvent } from "../audit";
import type { AuthUser, Context } from "../context";

const RP_NAME = "Taskfort";
/** How long a challenge is good for; the browser's own prompt times out at the same point. */
export const PASSKEY_CHALLENGE_TTL_MS = 5 * 60_000;

export type ChallengePurpose = "register" | "sign-in";

export interface RelyingParty {
  rpID: string;
  origin: string;
}

/**
 * The relying party: AUTH_URL's host and origin when set (what production should do: a
 * forged Host header then changes nothing), otherwise the app origin of the request (see
 * middleware/origin.ts appOrigin), which is what the browser itself checks against.
 */
export function relyingParty(appOrigin: string | null): RelyingParty {
  const base = getEnv().AUTH_URL ?? appOrigin;
  if (!base || !URL.canParse(base))
    throw new Error("no origin to use as the WebAuthn relying party");
  const url = new URL(base);
  return { rpID: url.hostname, origin: url.origin };
}

async function storeChallenge(
  db: Db,
  challenge: string,
  purpose: ChallengePurpose,
  userId: string | null,
): Promise<void> {
  const now = Date.now();
  // Expired challenges are swept as new ones are made, so the table stays small.
  await db.webAuthnChallenge.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
  await db.webAuthnChallenge.create({
    data: { challenge, purpose, userId, expiresAt: new Date(now + PASSKEY_CHALLENGE_TTL_MS) },
    select: { id: true },
  });
}

/** Deletes the challenge if it is live and was issued for this purpose (and user); true only for that one caller. */
async function consumeChallenge(
  db: Db,
  challenge: string,
  purpose: ChallengePurpose,
  userId: string | null,
): Promise<boolean> {
  const { count } = await db.webAuthnChallenge.deleteMany({
    where: { challenge, purpose, userId, expiresAt: { gt: new Date() } },
  });
  return count === 1;
}

/** The challenge the browser signed, read from clientDataJSON (verification checks it again). */
function challengeOf(response: { response?: { clientDataJSON?: unknown } }): string | null {
  const data = response.response?.clientDataJSON;
  if (typeof data !== "string" || data.length > 4096) return null;
  try {
    const parsed = JSON.parse(Buffer.from(data, "base64url").toString("utf8")) as {
      challenge?: unknown;
    };
    return typeof parsed.challenge === "string" ? parsed.challenge : null;
  } catch {
    return null;
  }
}

export async function passkeyRegistrationOptions(
  db: Db,
  user: AuthUser,
  rp: RelyingParty,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await db.passkey.findMany({
    where: { userId: user.id },
    select: { credentialId: true, transports: true },
  });
  const options = await generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: rp.rpID,
    userName: user.username,
    userID: new TextEncoder().encode(user.id),
    attestationType: "none",
    excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports })),
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
    timeout: PASSKEY_CHALLENGE_TTL_MS,
  });
  await storeChallenge(db, options.challenge, "register", user.id);
  return options;
}

/** Verifies a registration response against this user's live challenge and stores the passkey; null when refused. */
export async function registerPasskey(
  db: Db,
  user: AuthUser,
  rp: RelyingParty,
  name: string,
  raw: Record<string, unknown>,
): Promise<{ id: string } | null> {
  const response = raw as unknown as RegistrationResponseJSON;
  const challenge = challengeOf(response);
  if (!challenge || !(await consumeChallenge(db, challenge, "register", user.id))) return null;
  const result = await verifyRegistrationResponse({
    response,
    expectedChallenge: challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.rpID,
    requireUserVerification: true,
  }).catch(() => null);
  if (!result?.verified) return null;
  const info = result.registrationInfo;
  return db.passkey.create({
    data: {
      userId: user.id,
      name,
      credentialId: info.credential.id,
      publicKey: Buffer.from(info.credential.publicKey),
      counter: BigInt(info.credential.counter),
      transports: info.credential.transports ?? [],
      deviceType: info.credentialDeviceType,
      backedUp: info.credentialBackedUp,
    },
    select: { id: true },
  });
}

export async function passkeySignInOptions(
  db: Db,
  rp: RelyingParty,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  // No allowCredentials: the authenticator offers its discoverable credentials for this RP.
  const options = await generateAuthenticationOptions({
    rpID: rp.rpID,
    userVerification: "required",
    timeout: PASSKEY_CHALLENGE_TTL_MS,
  });
  await storeChallenge(db, options.challenge, "sign-in", null);
  return options;
}

type SignInContext = Pick<Context, "db" | "ip" | "requestId" | "user">;

/**
 * The user a passkey sign-in response proves, or null. The challenge is spent first (so a
 * response is good for one attempt only), then the signature, origin, RP ID, user
 * verification and counter are checked by @simplewebauthn/server.
 */
export async function verifyPasskeySignIn(
  ctx: SignInContext,
  rp: RelyingParty,
  raw: unknown,
): Promise<AuthUser | null> {
  if (!raw || typeof raw !== "object") return null;
  const response = raw as AuthenticationResponseJSON;
  const challenge = challengeOf(response);
  if (!challenge || !(await consumeChallenge(ctx.db, challenge, "sign-in", null))) return null;
  if (typeof response.id !== "string" || response.id.length > 1024) return null;
  const passkey = await ctx.db.passkey.findUnique({
    where: { credentialId: response.id },
    select: {
      id: true,
      credentialId: true,
      publicKey: true,
      counter: true,
      transports: true,
      user: { select: { id: true, username: true, role: true, disabledAt: true } },
    },
  });
  const refuse = (reason: string) => {
    // The credential id is not recorded: it identifies the device.
    recordSecurityEvent(ctx, "auth.login.failure", {
      actorId: null,
      target: passkey?.user.id ?? null,
      meta: { via: "passkey", reason },
    });
    return null;
  };
  if (!passkey) return refuse("unknown-passkey");
  const result = await verifyAuthenticationResponse({
    response,
    expectedChallenge: challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.rpID,
    requireUserVerification: true,
    credential: {
      id: passkey.credentialId,
      publicKey: new Uint8Array(passkey.publicKey),
      counter: Number(passkey.counter),
      transports: passkey.transports,
    },
  }).catch(() => null);
  if (!result?.verified) return refuse("bad-signature");
  if (passkey.user.disabledAt) return refuse("disabled");
  await ctx.db.passkey.update({
    where: { id: passkey.id },
    data: {
      counter: BigInt(result.authenticationInfo.newCounter),
      backedUp: result.authenticationInfo.credentialBackedUp,
      deviceType: result.authenticationInfo.credentialDeviceType,
      lastUsedAt: new Date(),
    },
    select: { id: true },
  });
  const user = { id: passkey.user.id, username: passkey.user.username, role: passkey.user.role };
  recordSecurityEvent(ctx, "auth.passkey.login", { actorId: user.id, target: passkey.id });
  recordSecurityEvent(ctx, "auth.login.success", {
    actorId: user.id,
    target: user.id,
    meta: { via: "passkey", secondFactor: "passkey" },
  });
  return user;
}
