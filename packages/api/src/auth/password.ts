// Password hashing: Argon2id via @node-rs/argon2 (maintained, prebuilt native, no install script).
// Parameters follow OWASP's Argon2id baseline (m=19 MiB, t=2, p=1): strong against GPU
// guessing while keeping a sign-in around tens of milliseconds on a 2-core server.
import { hash, verify } from "@node-rs/argon2";
import { getLogger } from "../logger";
import { HASHER_CONCURRENCY, HASHER_QUEUE } from "../limits";

/**
 * Thrown when HASHER_CONCURRENCY hashes already run and HASHER_QUEUE more wait: the caller
 * answers 503 with Retry-After instead of letting a sign-in flood pin every core (which
 * took /api/health from 13 ms to seconds in the first version).
 */
export class HasherBusyError extends Error {
  override name = "HasherBusyError";
}

let running = 0;
const waiting: (() => void)[] = [];

/** True when a new hash would be refused right now (the sign-in route asks before next-auth runs). */
export function hasherSaturated(): boolean {
  return running >= HASHER_CONCURRENCY && waiting.length >= HASHER_QUEUE;
}

/** Runs one Argon2 job within the per-process bound (a short FIFO queue behind it). */
export async function withHasherSlot<T>(job: () => Promise<T>): Promise<T> {
  if (running >= HASHER_CONCURRENCY) {
    if (waiting.length >= HASHER_QUEUE) {
      getLogger().warn(
        { event: "hasher.busy", running, waiting: waiting.length },
        "password hashing saturated; refusing",
      );
      throw new HasherBusyError("password hashing is saturated");
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else running++;
  try {
    return await job();
  } finally {
    // Hand the slot straight to the next in line, or free it.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

const options = {
  algorithm: 2 /* Argon2id (a const enum upstream, not importable under isolatedModules) */,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export async function hashPassword(password: string): Promise<string> {
  return withHasherSlot(() => hash(password, options));
}

// A real Argon2id hash of a random string: verifying against it costs what a real check costs,
// so "no such user" takes as long as "wrong password".
let dummyHash: Promise<string> | undefined;

/** Verifies a password; with no stored hash it still runs the hasher once and returns false. */
export async function verifyPassword(
  stored: string | null | undefined,
  password: string,
): Promise<boolean> {
  // Made once per process, outside the bound: a refused first attempt must not cache a rejection.
  dummyHash ??= hash(crypto.randomUUID(), options);
  const target = stored ?? (await dummyHash);
  let ok: boolean;
  try {
    ok = await withHasherSlot(() => verify(target, password));
  } catch (error) {
    if (error instanceof HasherBusyError) throw error;
    return false;
  }
  return stored ? ok : false;
}
