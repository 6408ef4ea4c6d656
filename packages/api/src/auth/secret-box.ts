// Encryption at rest for authenticator (TOTP) secrets. Unlike passwords and recovery codes,
// a TOTP secret must be read back to check a code, so it cannot be hashed: it is sealed with
// AES-256-GCM under a key derived (HKDF-SHA256) from AUTH_SECRET. A database dump alone
// therefore yields no usable secret. Rotation: set AUTH_SECRET_PREVIOUS to the old secret;
// values sealed under it still open, and callers re-seal them under the current key
// (docs/security/README.md).
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import { getEnv } from "@taskfort/config/env";

const globalForSecret = globalThis as unknown as { taskfortDevAuthSecret?: string };

/**
 * AUTH_SECRET; production refuses to start without it. Tests and ad-hoc dev runs without one
 * get a per-process secret (shared with the web layer's next-auth through the same global).
 */
export function authSecret(): string {
  const env = getEnv();
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  if (env.NODE_ENV === "production" && env.NEXT_PHASE !== "phase-production-build")
    throw new Error("AUTH_SECRET is required in production");
  globalForSecret.taskfortDevAuthSecret ??= randomBytes(32).toString("base64url");
  return globalForSecret.taskfortDevAuthSecret;
}

interface Key {
  id: string;
  key: Buffer;
}

/** A purpose-bound key: the same AUTH_SECRET never keys two different uses. */
function deriveKey(secret: string, purpose: string): Key {
  const key = Buffer.from(hkdfSync("sha256", secret, "taskfort", purpose, 32));
  // A short public fingerprint says which key sealed a value, so rotation knows what to try.
  const id = createHash("sha256").update(key).digest("base64url").slice(0, 8);
  return { id, key };
}

function keys(purpose: string): { current: Key; all: Key[] } {
  const current = deriveKey(authSecret(), purpose);
  const previous = getEnv().AUTH_SECRET_PREVIOUS;
  return {
    current,
    all: previous ? [current, deriveKey(previous, purpose)] : [current],
  };
}

/** "v1.<key id>.<iv>.<ciphertext>.<tag>", base64url parts. */
export function seal(plain: string, purpose: string): string {
  const { current } = keys(purpose);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", current.key, iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [
    "v1",
    current.id,
    iv.toString("base64url"),
    body.toString("base64url"),
    cipher.getAuthTag().toString("base64url"),
  ].join(".");
}

/** The plain text and whether it was sealed under an older key (then re-seal it), or null if it cannot be opened. */
export function open(sealed: string, purpose: string): { plain: string; stale: boolean } | null {
  const [version, keyId, iv, body, tag] = sealed.split(".");
  if (version !== "v1" || !keyId || !iv || !body || !tag) return null;
  const { current, all } = keys(purpose);
  const key = all.find((k) => k.id === keyId);
  if (!key) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.key, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    const plain = Buffer.concat([
      decipher.update(Buffer.from(body, "base64url")),
      decipher.final(),
    ]).toString("utf8");
    return { plain, stale: key.id !== current.id };
  } catch {
    return null;
  }
}
