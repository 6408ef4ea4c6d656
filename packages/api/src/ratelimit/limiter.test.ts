import { afterEach, describe, expect, it, vi } from "vitest";
import type { RatePolicy } from "../limits";
import { advanceClock, atWindowStart, limiterBackends } from "./testing";

const policy = (limit: number, windowMs: number): RatePolicy => ({ tier: "anon", limit, windowMs });

describe("rate limiter backends", () => {
  afterEach(() => vi.useRealTimers());

  for (const backend of limiterBackends()) {
    describe.skipIf(backend.skipReason !== null)(backend.name, () => {
      it(`ratelimit (${backend.name}): requests 1..N pass, N+1 is refused until the window ends, then passes again`, async () => {
        const limiter = backend.create();
        const p = policy(5, 2_000);
        atWindowStart(p.windowMs);
        for (let i = 1; i <= 5; i++) {
          const r = await limiter.limit("boundary", p);
          expect(r).toMatchObject({ success: true, limit: 5, remaining: 5 - i });
        }
        const refused = await limiter.limit("boundary", p);
        expect(refused).toMatchObject({ success: false, limit: 5, remaining: 0 });
        const retryAfter = Math.ceil((refused.reset - Date.now()) / 1000);
        expect(retryAfter).toBeGreaterThanOrEqual(1);
        expect(retryAfter).toBeLessThanOrEqual(2);
        expect(refused.reset % p.windowMs).toBe(0);

        advanceClock(refused.reset - Date.now() + 1);
        expect(await limiter.limit("boundary", p)).toMatchObject({ success: true, remaining: 4 });
      });

      it(`ratelimit (${backend.name}): 300 concurrent calls against a limit of 100 let exactly 100 through`, async () => {
        const limiter = backend.create();
        const p = policy(100, 60_000);
        atWindowStart(p.windowMs);
        const results = await Promise.all(
          Array.from({ length: 300 }, () => limiter.limit("burst", p)),
        );
        expect(results.filter((r) => r.success)).toHaveLength(100);
        expect(results.filter((r) => !r.success).every((r) => r.remaining === 0)).toBe(true);
      });

      it(`ratelimit (${backend.name}): buckets are per key and per tier`, async () => {
        const limiter = backend.create();
        const p = policy(1, 60_000);
        atWindowStart(p.windowMs);
        expect((await limiter.limit("a", p)).success).toBe(true);
        expect((await limiter.limit("a", p)).success).toBe(false);
        expect((await limiter.limit("b", p)).success).toBe(true);
        expect((await limiter.limit("a", { ...p, tier: "user" })).success).toBe(true);
      });
    });
  }
});
