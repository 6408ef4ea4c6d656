import type { RatePolicy } from "../limits";

export interface RateLimitResult {
  success: boolean;
  limit: number;
  remaining: number;
  /** When the current window ends, ms since the epoch. */
  reset: number;
}

/**
 * One interface, two backends (Upstash Redis, in-process) with the same fixed-window
 * algorithm. A backend that cannot answer rejects; the caller decides fail-open or
 * fail-closed by tier (see enforce.ts).
 */
export interface RateLimiter {
  readonly backend: "memory" | "upstash";
  limit(key: string, policy: RatePolicy): Promise<RateLimitResult>;
}
