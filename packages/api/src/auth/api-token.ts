// API token secrets: `tf_` + base64url of 32 random bytes (256 bits, so guessing is
// hopeless and a fast hash is enough). Only SHA-256(secret) is stored: a database leak
// yields no usable token, and lookup by hash needs no per-row work. The short prefix
// lets a user tell tokens apart in a list without the secret being kept.
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@taskfort/db";

export const TOKEN_PREFIX = "tf_";
const TOKEN_PATTERN = /^tf_[A-Za-z0-9_-]{43}$/;
/** Shown in lists: "tf_" plus 6 characters of the secret (36 bits: identifies, does not help guess). */
const SHOWN_PREFIX_LENGTH = TOKEN_PREFIX.length + 6;

export function generateTokenSecret(): { secret: string; tokenHash: string; prefix: string } {
  const secret = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return {
    secret,
    tokenHash: hashTokenSecret(secret),
    prefix: secret.slice(0, SHOWN_PREFIX_LENGTH),
  };
}

export function hashTokenSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function looksLikeTokenSecret(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

/**
 * `Authorization: Bearer <t>` or `Token <t>` (the second for clients written against
 * Django REST framework). Returns the credential, or null when the header is absent,
 * and "malformed" for anything else, which the caller rejects rather than ignores.
 */
// eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents -- "malformed" names the sentinel for readers
export function parseAuthorization(header: string | null): string | null | "malformed" {
  if (header === null || header.trim() === "") return null;
  const match = /^(?:Bearer|Token)[ ]+(\S+)\s*$/i.exec(header.trim());
  return match?.[1] ?? "malformed";
}

export interface IssuedToken {
  id: string;
  secret: string;
  name: string;
  prefix: string;
  scopes: string[];
  expiresAt: Date;
  createdAt: Date;
}

/** Creates a token row for ownerId and returns the secret; the only moment the secret exists outside the caller. */
export async function issueApiToken(
  db: Db,
  ownerId: string,
  input: { name: string; scopes: readonly string[]; expiresInDays: number },
): Promise<IssuedToken> {
  const { secret, tokenHash, prefix } = generateTokenSecret();
  const expiresAt = new Date(Date.now() + input.expiresInDays * 24 * 60 * 60 * 1000);
  const row = await db.apiToken.create({
    data: { ownerId, name: input.name, tokenHash, prefix, scopes: [...input.scopes], expiresAt },
    select: { id: true, name: true, prefix: true, scopes: true, expiresAt: true, createdAt: true },
  });
  return { ...row, secret };
}
