// In-process backend: the same fixed window as Ratelimit.fixedWindow in @upstash/ratelimit
// (bucket = floor(now / window), one counter per key and bucket, every call counts,
// success while count <= limit, reset at the bucket's end), so both backends answer alike.
// JavaScript runs this synchronously, so concurrent callers can never both take the last slot.
import type { RatePolicy } from "../limits";
import type { RateLimiter, RateLimitResult } from "./types";

/** Sweep expired windows once the table grows past this, so idle keys do not pile up. */
const SWEEP_AT = 10_000;

export function createMemoryRateLimiter(now: () => number = () => Date.now()): RateLimiter {
  const counters = new Map<string, { count: number; reset: number }>();

  function sweep(at: number) {
    for (const [key, entry] of counters) if (entry.reset <= at) counters.delete(key);
  }

  return {
    backend: "memory",
    async limit(key: string, policy: RatePolicy): Promise<RateLimitResult> {
      const at = now();
      const bucket = Math.floor(at / policy.windowMs);
      const reset = (bucket + 1) * policy.windowMs;
      const id = `${policy.tier}:${key}:${bucket}`;
      let entry = counters.get(id);
      if (!entry) {
        if (counters.size >= SWEEP_AT) sweep(at);
        entry = { count: 0, reset };
        counters.set(id, entry);
      }
      entry.count += 1;
      return {
        success: entry.count <= policy.limit,
        limit: policy.limit,
        remaining: Math.max(0, policy.limit - entry.count),
        reset,
      };
    },
  };
}
