// In-process backend: the same fixed window as Ratelimit.fixedWindow in @upstash/ratelimit
// (bucket = floor(now / window), one counter per key and bucket, every call counts,
// success while count <= limit, reset at the bucket's end), so both backends answer alike.
// JavaScript runs this synchronously, so concurrent callers can never both take the last slot.
//
// Cost and memory are bounded whatever callers do: one table per window length, in which a
// counter is (re)inserted when its window starts, so the table is ordered by window end.
// Each call first drops the expired counters at the head (every counter is dropped at most
// once per insertion: amortised O(1), never a sweep over live keys), and past
// MEMORY_LIMITER_MAX_KEYS the oldest counter is evicted.
import { MEMORY_LIMITER_MAX_KEYS, type RatePolicy } from "../limits";
import type { RateLimiter, RateLimitResult } from "./types";

interface Counter {
  bucket: number;
  count: number;
  reset: number;
}

/** Work done so far, for tests that prove the cost per call stays constant. */
export interface MemoryLimiterStats {
  calls: number;
  /** Counters looked at while dropping expired or evicting old ones. */
  examined: number;
  keys: number;
}

export function createMemoryRateLimiter(
  // Read at call time (not captured), so tests with a fake Date clock drive the windows.
  now: () => number = () => Date.now(),
  maxKeys: number = MEMORY_LIMITER_MAX_KEYS,
): RateLimiter & { stats(): MemoryLimiterStats } {
  // windowMs → (tier:key → counter), each table in order of window end.
  const tables = new Map<number, Map<string, Counter>>();
  let keys = 0;
  let calls = 0;
  let examined = 0;

  function dropExpired(table: Map<string, Counter>, at: number) {
    for (const [id, counter] of table) {
      examined++;
      if (counter.reset > at) return;
      table.delete(id);
      keys--;
    }
  }

  function evictOldest() {
    // The table whose head ends soonest loses its head.
    let victim: Map<string, Counter> | undefined;
    let soonest = Infinity;
    for (const table of tables.values()) {
      const head = table.values().next();
      if (!head.done && head.value.reset < soonest) {
        soonest = head.value.reset;
        victim = table;
      }
    }
    const id = victim?.keys().next();
    if (victim && id && !id.done) {
      examined++;
      victim.delete(id.value);
      keys--;
    }
  }

  return {
    backend: "memory",
    stats: () => ({ calls, examined, keys }),
    limit(key: string, policy: RatePolicy): Promise<RateLimitResult> {
      calls++;
      const at = now();
      const bucket = Math.floor(at / policy.windowMs);
      const reset = (bucket + 1) * policy.windowMs;
      let table = tables.get(policy.windowMs);
      if (!table) tables.set(policy.windowMs, (table = new Map<string, Counter>()));
      dropExpired(table, at);
      const id = `${policy.tier}:${key}`;
      let counter = table.get(id);
      if (!counter || counter.bucket !== bucket) {
        // A new window: (re)insert at the tail, which keeps the table ordered by window end.
        if (counter) {
          table.delete(id);
          keys--;
        }
        while (keys >= maxKeys) evictOldest();
        counter = { bucket, count: 0, reset };
        table.set(id, counter);
        keys++;
      }
      counter.count += 1;
      return Promise.resolve({
        success: counter.count <= policy.limit,
        limit: policy.limit,
        remaining: Math.max(0, policy.limit - counter.count),
        reset,
      });
    },
  };
}
