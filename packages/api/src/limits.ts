// The one table of limits. Rate-limit sizes and windows come from the environment
// (RATE_LIMIT_USER / _ANON / _AUTH, validated in @taskfort/config/env); everything
// else about limiting — fixed protocol limits, the timeout, the wording — lives here.
import { getEnv, type Env } from "@taskfort/config/env";

/** Calls allowed in one tRPC HTTP batch (defined in the client-safe half, for the browser's batch link). */
export { MAX_BATCH_SIZE } from "./limits-client";

/** Request bodies larger than this are refused with 413 before any parsing (contract: 100 KB). */
export const MAX_BODY_BYTES = 100 * 1024;

/** POST /tasks/import alone may send up to 1 MB (1,000 tasks with descriptions); see Meta.largeBody. */
export { IMPORT_MAX_BODY_BYTES } from "./limits-client";

/**
 * Signed-in callers are limited per user, anonymous ones per client IP, sign-in/register per
 * IP and per username, and two-factor code attempts ("otp") per user and per IP: a correct
 * password must not turn into a million-guess window on a 6-digit code.
 */
export type RateTier = "user" | "anon" | "auth" | "otp";

export interface RatePolicy {
  tier: RateTier;
  /** Requests allowed in one window. */
  limit: number;
  windowMs: number;
}

const unitMs = { s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** "100/1m" → { limit: 100, windowMs: 60000 }. The env schema already checked the shape. */
export function parseRate(spec: string): { limit: number; windowMs: number } {
  const match = /^(\d+)\/(\d+)(s|m|h)$/.exec(spec);
  if (!match) throw new Error(`Rate "${spec}" must look like 100/1m`);
  const [, count, size, unit] = match as unknown as [string, string, string, keyof typeof unitMs];
  const limit = Number(count);
  const windowMs = Number(size) * unitMs[unit];
  if (limit < 1 || windowMs < 1)
    throw new Error(`Rate "${spec}" needs a count and a window of at least 1`);
  return { limit, windowMs };
}

/** The tiers as configured now (tests change them through setEnvForChildren). */
export function ratePolicies(env: Env = getEnv()): Record<RateTier, RatePolicy> {
  return {
    user: { tier: "user", ...parseRate(env.RATE_LIMIT_USER) },
    anon: { tier: "anon", ...parseRate(env.RATE_LIMIT_ANON) },
    auth: { tier: "auth", ...parseRate(env.RATE_LIMIT_AUTH) },
    otp: { tier: "otp", ...parseRate(env.RATE_LIMIT_OTP) },
  };
}

/**
 * How long a limiter backend may take before we stop waiting. Past it the auth tier
 * fails closed and the others fail open, so a slow Redis can never hang a request.
 */
export const RATE_LIMIT_TIMEOUT_MS = 1_000;

/** Redis key prefix of the Upstash backend (one namespace per tier below it). */
export const RATE_LIMIT_KEY_PREFIX = "taskfort:rl";

export const RATE_LIMIT_HEADERS = {
  limit: "X-RateLimit-Limit",
  remaining: "X-RateLimit-Remaining",
  /** Unix time in seconds when the current window ends. */
  reset: "X-RateLimit-Reset",
  retryAfter: "Retry-After",
} as const;

/** The contract's exact 429 wording (client-safe half). */
export { throttledMessage } from "./limits-client";

/** Fail-closed answer of the auth tier when the limiter cannot be asked (503). */
export const RATE_LIMIT_UNAVAILABLE_MESSAGE =
  "Sign-in is unavailable for a moment. Try again shortly.";
/** Retry-After sent with that 503. */
export const RATE_LIMIT_UNAVAILABLE_RETRY_SECONDS = 5;
