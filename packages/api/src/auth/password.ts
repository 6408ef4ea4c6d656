// Password hashing: Argon2id via @node-rs/argon2 (maintained, prebuilt native, no install script).
// Parameters follow OWASP's Argon2id baseline (m=19 MiB, t=2, p=1): strong against GPU
// guessing while keeping a sign-in around tens of milliseconds on a 2-core server.
import { hash, verify } from "@node-rs/argon2";

const options = {
  algorithm: 2 /* Argon2id (a const enum upstream, not importable under isolatedModules) */,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export async function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

// A real Argon2id hash of a random string: verifying against it costs what a real check costs,
// so "no such user" takes as long as "wrong password".
let dummyHash: Promise<string> | undefined;

/** Verifies a password; with no stored hash it still runs the hasher once and returns false. */
export async function verifyPassword(
  stored: string | null | undefined,
  password: string,
): Promise<boolean> {
  dummyHash ??= hash(crypto.randomUUID(), options);
  const target = stored ?? (await dummyHash);
  try {
    const ok = await verify(target, password);
    return stored ? ok : false;
  } catch {
    return false;
  }
}
