// The one table of limits. Rate-limit sizes and windows come from the environment
// (RATE_LIMIT_USER / _ANON / _AUTH, validated in @taskfort/config/env); everything
// else about limiting — fixed protocol limits, the timeout, the wording — lives here.
import { availableParallelism } from "node:os";
import { getEnv, type Env } from "@taskfort/config/env";

/** Calls allowed in one tRPC HTTP batch (defined in the client-safe half, for the browser's batch link). */
export { MAX_BATCH_SIZE, MAX_COMBINING_MARKS } from "./limits-client";

/** Request bodies larger than this are refused with 413 before any parsing (contract: 100 KB). */
export const MAX_BODY_BYTES = 100 * 1024;

/** POST /tasks/import alone may send up to 1 MB (1,000 tasks with descriptions); see Meta.largeBody. */
export { IMPORT_MAX_BODY_BYTES } from "./limits-client";

/**
 * After answering 413, the server still reads (and drops) up to this much of the refused
 * body, so a client in mid-upload gets to read the answer instead of a reset; past it, the
 * connection is cut.
 */
export const REFUSED_BODY_DISCARD_BYTES = 8 * 1024 * 1024;

/**
 * Signed-in callers are limited per user, anonymous ones per client IP, sign-in/register per
 * IP and per username, and two-factor code attempts ("otp") per user and per IP: a correct
 * password must not turn into a million-guess window on a 6-digit code. "probe": reads that run
 * no procedure but still cost a database round trip or a session read (health checks, the
 * browser's session polls), per client IP, generous.
 */
export type RateTier = "user" | "anon" | "auth" | "otp" | "probe";

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
    probe: { tier: "probe", ...parseRate(env.RATE_LIMIT_PROBE) },
  };
}

/**
 * How long a limiter backend may take before we stop waiting. Past it the auth tier
 * fails closed and the others fail open, so a slow Redis can never hang a request.
 */
export const RATE_LIMIT_TIMEOUT_MS = 1_000;

/**
 * Most counters the in-process limiter keeps (and most "already logged this block" marks).
 * Expired ones go first; past this the oldest live one is forgotten, so memory stays
 * bounded (about 100 bytes a counter) whatever number of keys clients invent.
 */
export const MEMORY_LIMITER_MAX_KEYS = 100_000;

/**
 * Argon2 jobs (sign-in checks, registrations) run at once per process, and how many more may
 * wait. Past both, the request gets 503 with Retry-After: a flood of sign-ins from many
 * addresses slows sign-in down, not every other request.
 */
export const HASHER_CONCURRENCY = Math.max(1, availableParallelism());
export const HASHER_QUEUE = 8 * HASHER_CONCURRENCY;
export const HASHER_BUSY_RETRY_SECONDS = 2;
export const HASHER_BUSY_MESSAGE = "Sign-in is busy right now. Try again in a few seconds.";

/**
 * Task search (ILIKE on title and description, trigram-indexed): each search's statements are
 * cancelled after SEARCH_TIMEOUT_MS, and at most SEARCH_CONCURRENCY searches hold a database
 * connection at once per process (the pool has 10), SEARCH_QUEUE more wait for a slot; past
 * that a search answers 503. One user's broad searches can then never take the pool from
 * everyone else's plain reads.
 */
export const SEARCH_TIMEOUT_MS = 2_000;
export const SEARCH_CONCURRENCY = 4;
export const SEARCH_QUEUE = 64;
export const SEARCH_TIMEOUT_MESSAGE =
  "This search took too long. Search for a longer or rarer word, or add filters.";
export const SEARCH_BUSY_MESSAGE = "Search is busy right now. Try again in a few seconds.";

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

/** What one account may hold at most; a create past it answers 409 (see quota.ts). */
export type QuotaResource = "tasks" | "labels" | "tokens";

/**
 * Anonymous events a flood repeats (AUDIT_AGGREGATED_ACTIONS) keep one audit row per action,
 * client address and window of this length; the row's meta.repeats counts the rest.
 */
export const AUDIT_AGGREGATE_WINDOW_MS = 10 * 60 * 1000;
/** Windows remembered per process before the oldest are forgotten (memory bound). */
export const AUDIT_AGGREGATE_MAX_KEYS = 10_000;

/** The quotas as configured now (QUOTA_TASKS / QUOTA_LABELS / QUOTA_TOKENS). Tokens count while active (not revoked, not expired). */
export function quotas(env: Env = getEnv()): Record<QuotaResource, number> {
  return { tasks: env.QUOTA_TASKS, labels: env.QUOTA_LABELS, tokens: env.QUOTA_TOKENS };
}

export function quotaMessage(resource: QuotaResource, limit: number): string {
  const advice = {
    tasks: "Delete some (and empty the trash) to add more.",
    labels: "Delete some to add more.",
    tokens: "Revoke some to create more.",
  }[resource];
  return `Quota reached: an account may hold at most ${limit} ${resource === "tokens" ? "active API tokens" : resource}. ${advice}`;
}
