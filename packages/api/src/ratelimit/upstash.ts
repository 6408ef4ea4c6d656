// Upstash backend: @upstash/ratelimit's fixed window over @upstash/redis (HTTP), so the
// limit holds across every server instance. The library's own timeout would let requests
// through silently; we switch it off and bound each HTTP call ourselves, so a slow or dead
// Redis surfaces as an error the caller can fail open or closed on.
import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { RATE_LIMIT_KEY_PREFIX, RATE_LIMIT_TIMEOUT_MS, type RatePolicy } from "../limits";
import type { RateLimiter, RateLimitResult } from "./types";

export interface UpstashLimiterOptions {
  url: string;
  token: string;
  /** Redis key prefix; tests use a unique one per run. */
  prefix?: string;
  timeoutMs?: number;
}

export function createUpstashRateLimiter(opts: UpstashLimiterOptions): RateLimiter {
  const timeoutMs = opts.timeoutMs ?? RATE_LIMIT_TIMEOUT_MS;
  const prefix = opts.prefix ?? RATE_LIMIT_KEY_PREFIX;
  const redis = new Redis({
    url: opts.url,
    token: opts.token,
    // No retries with backoff (up to seconds by default): one bounded attempt, then the tier decides.
    retry: false,
    // A function, so every HTTP call gets a fresh deadline and an abort throws (a fixed signal
    // would make the client return the abort reason as if it were a result).
    signal: () => AbortSignal.timeout(timeoutMs),
    enableTelemetry: false,
  });
  const limiters = new Map<string, Ratelimit>();

  function limiterFor(policy: RatePolicy): Ratelimit {
    const id = `${policy.tier}|${policy.limit}|${policy.windowMs}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      limiter = new Ratelimit({
        redis,
        limiter: Ratelimit.fixedWindow(policy.limit, `${policy.windowMs} ms`),
        prefix: `${prefix}:${policy.tier}`,
        timeout: 0,
        analytics: false,
        enableProtection: false,
      });
      limiters.set(id, limiter);
    }
    return limiter;
  }

  return {
    backend: "upstash",
    async limit(key: string, policy: RatePolicy): Promise<RateLimitResult> {
      const { success, limit, remaining, reset } = await limiterFor(policy).limit(key);
      return { success, limit, remaining, reset };
    },
  };
}
