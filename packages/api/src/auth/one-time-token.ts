// Password-reset and email-verification links. The secret is 32 random bytes (256 bits,
// base64url): guessing is hopeless, so a fast hash suffices and only SHA-256(secret) is
// stored; a database leak yields no usable link. A link works once, until it expires,
// and issuing a new one for the same purpose kills the user's older ones.
import { randomBytes } from "node:crypto";
import type { Db } from "@taskfort/db";
import { hashTokenSecret } from "./api-token";

export const ONE_TIME_TOKEN_PURPOSES = ["password-reset", "email-verify"] as const;
export type OneTimeTokenPurpose = (typeof ONE_TIME_TOKEN_PURPOSES)[number];

/** How long a link lives: a reset is short (someone may be reading the mailbox later), a verification a day. */
export const ONE_TIME_TOKEN_TTL_MS: Record<OneTimeTokenPurpose, number> = {
  "password-reset": 30 * 60 * 1000,
  "email-verify": 24 * 60 * 60 * 1000,
};

const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

type DbOrTx = Pick<Db, "oneTimeToken">;

export async function issueOneTimeToken(
  db: DbOrTx,
  userId: string,
  purpose: OneTimeTokenPurpose,
  opts: { email?: string | null; now?: Date } = {},
): Promise<{ secret: string; expiresAt: Date }> {
  const now = opts.now ?? new Date();
  const secret = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + ONE_TIME_TOKEN_TTL_MS[purpose]);
  // Only the newest link of a purpose works: an older mail lying in an inbox is dead.
  await db.oneTimeToken.deleteMany({ where: { userId, purpose } });
  await db.oneTimeToken.create({
    data: {
      userId,
      purpose,
      tokenHash: hashTokenSecret(secret),
      email: opts.email ?? null,
      expiresAt,
    },
    select: { id: true },
  });
  return { secret, expiresAt };
}

export interface LiveOneTimeToken {
  id: string;
  userId: string;
  email: string | null;
}

/** The unused, unexpired token of this purpose behind `secret`, without using it up. */
export async function findOneTimeToken(
  db: DbOrTx,
  secret: string,
  purpose: OneTimeTokenPurpose,
): Promise<LiveOneTimeToken | null> {
  if (!SECRET_PATTERN.test(secret)) return null;
  return db.oneTimeToken.findFirst({
    where: {
      tokenHash: hashTokenSecret(secret),
      purpose,
      usedAt: null,
      expiresAt: { gt: new Date() },
    },
    select: { id: true, userId: true, email: true },
  });
}

/**
 * Uses the token up. The where repeats every condition, so of two concurrent uses exactly
 * one gets `true`; the user's other links of the purpose die with it.
 */
export async function consumeOneTimeToken(
  db: DbOrTx,
  token: LiveOneTimeToken,
  purpose: OneTimeTokenPurpose,
): Promise<boolean> {
  const now = new Date();
  const { count } = await db.oneTimeToken.updateMany({
    where: { id: token.id, purpose, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (count !== 1) return false;
  await db.oneTimeToken.deleteMany({
    where: { userId: token.userId, purpose, id: { not: token.id } },
  });
  return true;
}
