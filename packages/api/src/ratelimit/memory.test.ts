// The in-process limiter under a flood of new keys: constant work per call and bounded
// memory (the first version swept every live key on every new one past 10,000).
import { describe, expect, it } from "vitest";
import { MEMORY_LIMITER_MAX_KEYS, type RatePolicy } from "../limits";
import { authLimitChecks, enforceLimits } from "./enforce";
import { createMemoryRateLimiter } from "./memory";

const minute: RatePolicy = { tier: "anon", limit: 5, windowMs: 60_000 };
const quarter: RatePolicy = { tier: "auth", limit: 5, windowMs: 900_000 };

describe("memory rate limiter", () => {
  it("ratelimit (memory): 200,000 new keys cost amortised O(1) each and memory stays under the cap", async () => {
    let clock = 1_000_000_000_000;
    const limiter = createMemoryRateLimiter(() => clock);
    for (let i = 0; i < 200_000; i++) {
      await limiter.limit(`k${i}`, i % 2 ? minute : quarter);
      if (i % 1_000 === 0) clock += 1_000; // time passes: windows end while keys keep coming
    }
    const stats = limiter.stats();
    expect(stats.calls).toBe(200_000);
    expect(stats.keys).toBeLessThanOrEqual(MEMORY_LIMITER_MAX_KEYS);
    // Each call looks at a bounded number of counters (one head check per table, plus each
    // counter once when it is dropped); a sweep over live keys would be ~10^9 here.
    expect(stats.examined).toBeLessThanOrEqual(4 * stats.calls);
  });

  it("ratelimit (memory): past the cap the oldest counters are evicted, never the newest", async () => {
    const clock = 1_000_000_000_000;
    const limiter = createMemoryRateLimiter(() => clock, 100);
    for (let i = 0; i < 250; i++) await limiter.limit(`k${i}`, minute);
    expect(limiter.stats().keys).toBe(100);
    // The newest key still has its count: its sixth call is refused.
    for (let i = 0; i < 4; i++) await limiter.limit("k249", minute);
    expect((await limiter.limit("k249", minute)).success).toBe(false);
  });

  it("ratelimit (memory): counts per window stay exact when a key comes back in a later window", async () => {
    let clock = 1_000_000_020_000 - (1_000_000_020_000 % 60_000);
    const limiter = createMemoryRateLimiter(() => clock);
    for (let i = 0; i < 5; i++) expect((await limiter.limit("a", minute)).success).toBe(true);
    expect((await limiter.limit("a", minute)).success).toBe(false);
    clock += 60_000;
    expect(await limiter.limit("a", minute)).toMatchObject({ success: true, remaining: 4 });
    expect(limiter.stats().keys).toBe(1);
  });

  it("ratelimit: a client whose address is blocked adds no counters by trying new usernames", async () => {
    const limiter = createMemoryRateLimiter();
    const policy: RatePolicy = { tier: "auth", limit: 3, windowMs: 900_000 };
    const info = { ip: "192.0.2.7", requestId: "r" };
    for (let i = 0; i < 3; i++)
      await enforceLimits(limiter, authLimitChecks(info.ip, `name${i}`, policy), info, {
        failClosed: true,
      });
    const before = limiter.stats().keys;
    for (let i = 3; i < 1_003; i++) {
      const outcome = await enforceLimits(
        limiter,
        authLimitChecks(info.ip, `name${i}`, policy),
        info,
        { failClosed: true },
      );
      expect(outcome.status).toBe(429);
    }
    expect(limiter.stats().keys).toBe(before);
  });
});
