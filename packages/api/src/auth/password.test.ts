// Argon2 work is bounded per process: HASHER_CONCURRENCY jobs run, HASHER_QUEUE wait in
// order, and the next one is refused at once (the caller answers 503 with Retry-After).
import { describe, expect, it } from "vitest";
import { HASHER_CONCURRENCY, HASHER_QUEUE } from "../limits";
import { HasherBusyError, hasherSaturated, verifyPassword, withHasherSlot } from "./password";

describe("password hashing bound", () => {
  it("hasher: past the running jobs and the queue, a new job is refused at once, and the slots come back", async () => {
    const releases: (() => void)[] = [];
    const started: number[] = [];
    const jobs = Array.from({ length: HASHER_CONCURRENCY + HASHER_QUEUE }, (_, i) =>
      withHasherSlot(
        () =>
          new Promise<number>((resolve) => {
            started.push(i);
            releases.push(() => resolve(i));
          }),
      ),
    );
    await new Promise((r) => setImmediate(r));
    expect(started).toHaveLength(HASHER_CONCURRENCY);
    expect(hasherSaturated()).toBe(true);
    await expect(withHasherSlot(() => Promise.resolve(0))).rejects.toBeInstanceOf(HasherBusyError);
    await expect(verifyPassword(null, "anything")).rejects.toBeInstanceOf(HasherBusyError);

    // Release jobs one by one: the queue drains in order and every job completes.
    while (releases.length) {
      releases.shift()!();
      await new Promise((r) => setImmediate(r));
    }
    expect(await Promise.all(jobs)).toEqual(jobs.map((_, i) => i));
    expect(started).toEqual(jobs.map((_, i) => i));
    expect(hasherSaturated()).toBe(false);
    expect(await verifyPassword(null, "anything")).toBe(false);
  });
});
