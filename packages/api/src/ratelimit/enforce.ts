// Asks the limiter about one or more buckets and turns the answers into one decision:
// allowed (with the tightest X-RateLimit-* headers), throttled (429) or, for tiers that
// fail closed, unavailable (503). Shared by the tRPC middleware and next-auth's
// credentials sign-in (checkAuthLimit), so both count against the same buckets.
import type { Db } from "@taskfort/db";
import { recordSecurityEvent } from "../audit";
import { usernameFingerprint } from "../auth/username-fingerprint";
import { AppError } from "../errors";
import { ipRateLimitKey } from "../client-ip";
import {
  MEMORY_LIMITER_MAX_KEYS,
  RATE_LIMIT_HEADERS,
  RATE_LIMIT_TIMEOUT_MS,
  RATE_LIMIT_UNAVAILABLE_MESSAGE,
  RATE_LIMIT_UNAVAILABLE_RETRY_SECONDS,
  ratePolicies,
  throttledMessage,
  type RatePolicy,
} from "../limits";
import { getLogger } from "../logger";
import { countRateLimitBlock, countRateLimiterUnavailable } from "../metrics";
import { usernameKey } from "../schemas/auth";
import { getRateLimiter } from "./backend";
import type { RateLimiter, RateLimitResult } from "./types";

export interface LimitCheck {
  /** What the bucket is keyed by (for logs): the user, the client IP or a username. */
  scope: "user" | "ip" | "username";
  key: string;
  policy: RatePolicy;
}

export interface LimitOutcome {
  allowed: boolean;
  /** 200 allowed, 429 throttled, 503 the limiter could not answer and this tier fails closed. */
  status: 200 | 429 | 503;
  /** The contract's message when not allowed. */
  message?: string;
  retryAfterSeconds?: number;
  /** X-RateLimit-* (and Retry-After when not allowed); empty when we failed open. */
  headers: Record<string, string>;
}

/** Who asked, for the security event. */
export interface LimitRequestInfo {
  db?: Db | null;
  ip: string;
  requestId: string;
  userId?: string | null;
  path?: string;
}

class LimiterTimeoutError extends Error {
  override name = "LimiterTimeoutError";
}

/** Never wait on the backend longer than the bound, whatever it does internally. */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new LimiterTimeoutError(`rate limiter did not answer within ${ms} ms`)),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function retryAfterSeconds(reset: number, now = Date.now()): number {
  return Math.max(1, Math.ceil((reset - now) / 1000));
}

function headersFor(result: RateLimitResult): Record<string, string> {
  return {
    [RATE_LIMIT_HEADERS.limit]: String(result.limit),
    [RATE_LIMIT_HEADERS.remaining]: String(result.remaining),
    [RATE_LIMIT_HEADERS.reset]: String(Math.ceil(result.reset / 1000)),
  };
}

/** The result that binds hardest: a blocked one waiting longest, else the one with least left. */
function tightest(results: RateLimitResult[]): RateLimitResult {
  return results.reduce((a, b) => {
    if (a.success !== b.success) return a.success ? b : a;
    if (!a.success) return b.reset > a.reset ? b : a;
    return b.remaining < a.remaining || (b.remaining === a.remaining && b.reset > a.reset) ? b : a;
  });
}

// One security event per bucket and window per process: a flood of blocked requests must not
// become a flood of audit rows (that would turn the limiter into a write amplifier). Marks are
// kept in order of window end, expired ones dropped from the head (amortised O(1)), and at
// most MEMORY_LIMITER_MAX_KEYS of them.
const loggedBlocks = new Map<string, number>();
function firstBlockInWindow(check: LimitCheck, reset: number, at = Date.now()): boolean {
  for (const [k, r] of loggedBlocks) {
    if (r > at) break;
    loggedBlocks.delete(k);
  }
  const id = `${check.policy.tier}:${check.key}`;
  if (loggedBlocks.get(id) === reset) return false;
  loggedBlocks.delete(id);
  if (loggedBlocks.size >= MEMORY_LIMITER_MAX_KEYS) {
    const oldest = loggedBlocks.keys().next();
    if (!oldest.done) loggedBlocks.delete(oldest.value);
  }
  loggedBlocks.set(id, reset);
  return true;
}

export async function enforceLimits(
  limiter: RateLimiter,
  checks: LimitCheck[],
  info: LimitRequestInfo,
  opts: { failClosed: boolean },
): Promise<LimitOutcome> {
  // The in-process limiter answers synchronously: only a remote one needs the timer.
  const ask = (c: LimitCheck) =>
    limiter.backend === "memory"
      ? limiter.limit(c.key, c.policy)
      : withTimeout(limiter.limit(c.key, c.policy), RATE_LIMIT_TIMEOUT_MS);
  // The first bucket (the client's address) is asked alone: while it is blocked the others
  // (usernames) are not touched, so a blocked client cannot keep creating counters by
  // trying new names.
  const settled: PromiseSettledResult<RateLimitResult>[] = await Promise.allSettled(
    checks.slice(0, 1).map(ask),
  );
  const first = settled[0];
  // (When it could not answer at all, the backend is down: asking again would only double the wait.)
  if (first?.status === "fulfilled" && first.value.success)
    settled.push(...(await Promise.allSettled(checks.slice(1).map(ask))));
  const answered: { check: LimitCheck; result: RateLimitResult }[] = [];
  const failures: unknown[] = [];
  settled.forEach((s, i) =>
    s.status === "fulfilled"
      ? answered.push({ check: checks[i]!, result: s.value })
      : failures.push(s.reason),
  );

  if (failures.length) {
    const reason = failures
      .map((f) => (f instanceof Error ? `${f.name}: ${f.message}` : String(f)))
      .join("; ");
    countRateLimiterUnavailable(checks[0]?.policy.tier ?? "unknown");
    getLogger().error(
      {
        event: "ratelimit.unavailable",
        backend: limiter.backend,
        tier: checks[0]?.policy.tier,
        failClosed: opts.failClosed,
        requestId: info.requestId,
        ip: info.ip,
        path: info.path,
        reason,
      },
      opts.failClosed
        ? "rate limiter unavailable; refusing (fail closed)"
        : "rate limiter unavailable; allowing (fail open)",
    );
    if (opts.failClosed) {
      return {
        allowed: false,
        status: 503,
        message: RATE_LIMIT_UNAVAILABLE_MESSAGE,
        retryAfterSeconds: RATE_LIMIT_UNAVAILABLE_RETRY_SECONDS,
        headers: { [RATE_LIMIT_HEADERS.retryAfter]: String(RATE_LIMIT_UNAVAILABLE_RETRY_SECONDS) },
      };
    }
  }
  if (!answered.length) return { allowed: true, status: 200, headers: {} };

  const worst = tightest(answered.map((a) => a.result));
  const headers = headersFor(worst);
  if (worst.success) return { allowed: true, status: 200, headers };

  const retryAfter = retryAfterSeconds(worst.reset);
  // Every 429 (the audit log below keeps only the first per bucket and window).
  countRateLimitBlock(
    answered.find(({ result }) => result === worst)?.check.policy.tier ?? "unknown",
  );
  for (const { check, result } of answered) {
    if (result.success || !firstBlockInWindow(check, result.reset)) continue;
    const meta = {
      tier: check.policy.tier,
      scope: check.scope,
      limit: result.limit,
      windowMs: check.policy.windowMs,
      retryAfter,
      path: info.path ?? null,
    };
    if (info.db) {
      recordSecurityEvent(
        { db: info.db, ip: info.ip, requestId: info.requestId, user: null },
        "ratelimit.blocked",
        {
          actorId: info.userId ?? null,
          target: check.scope === "username" ? check.key : null,
          meta,
        },
      );
    } else {
      getLogger().info(
        {
          event: "ratelimit.blocked",
          actorId: info.userId ?? null,
          ip: info.ip,
          requestId: info.requestId,
          meta,
        },
        "ratelimit.blocked",
      );
    }
  }
  return {
    allowed: false,
    status: 429,
    message: throttledMessage(retryAfter),
    retryAfterSeconds: retryAfter,
    headers: { ...headers, [RATE_LIMIT_HEADERS.retryAfter]: String(retryAfter) },
  };
}

/**
 * The username bucket: the very key the database looks the account up by (usernameKey),
 * so every spelling that can sign in as one account counts against that account's bucket.
 * Surrounding spaces are dropped too (more merging never weakens a limit), and the key is
 * cut at 64 characters: no account has a longer name, so nothing longer can sign in.
 */
export function normalizeUsernameForLimit(username: string): string {
  return usernameKey(username.trim()).slice(0, 64);
}

/** The auth tier's buckets: the client IP and, separately, the username being tried. */
export function authLimitChecks(
  ip: string,
  username: string | null | undefined,
  policy: RatePolicy = ratePolicies().auth,
): LimitCheck[] {
  const checks: LimitCheck[] = [{ scope: "ip", key: `ip:${ipRateLimitKey(ip)}`, policy }];
  const normalized = typeof username === "string" ? normalizeUsernameForLimit(username) : "";
  // Keyed by the name's fingerprint, not its text: a password typed into the username field
  // must not end up as a Redis key or in the audit table (see usernameFingerprint).
  if (normalized)
    checks.push({ scope: "username", key: `username:${usernameFingerprint(normalized)}`, policy });
  return checks;
}

export interface AuthLimitInput {
  ip: string;
  username?: string | null;
  requestId: string;
  db?: Db | null;
  /** Defaults to the process-wide limiter (the one the tRPC middleware uses). */
  limiter?: RateLimiter;
}

/**
 * For sign-in paths outside tRPC (next-auth's credentials authorize): counts one attempt
 * against the auth tier and says whether to go on. When `allowed` is false, refuse the
 * sign-in with `status`/`message` and send `headers` if the response can carry them.
 * Fails closed: if the limiter cannot answer within the bound, the sign-in is refused (503).
 *
 *   const limit = await checkAuthLimit({ ip, username, requestId, db });
 *   if (!limit.allowed) throw new Error(limit.message); // before checking the password
 */
export function checkAuthLimit(input: AuthLimitInput): Promise<LimitOutcome> {
  return enforceLimits(
    input.limiter ?? getRateLimiter(),
    authLimitChecks(input.ip, input.username),
    { db: input.db, ip: input.ip, requestId: input.requestId, path: "auth.credentials" },
    { failClosed: true },
  );
}

/**
 * A refusal as the error a procedure throws: 429, or 503 for a fail-closed tier (both texts
 * are written for users); the limiter's headers go on the response when there is one.
 */
export function limitRefusal(outcome: LimitOutcome, resHeaders?: Headers | null): AppError {
  if (resHeaders) rateLimitHeaders(resHeaders, outcome);
  return new AppError(
    outcome.status === 503 ? "SERVICE_UNAVAILABLE" : "TOO_MANY_REQUESTS",
    outcome.message,
    { expose: true },
  );
}

/**
 * Reads with no procedure behind them (GET /api/health, next-auth's session, csrf and
 * providers) cost a database round trip or a session read each: they count per client IP
 * against the generous probe tier. Fails open, like every tier but sign-in.
 */
export function checkProbeLimit(input: {
  ip: string;
  requestId: string;
  db: Db;
  path: string;
}): Promise<LimitOutcome> {
  return enforceLimits(
    getRateLimiter(),
    [{ scope: "ip", key: `ip:${ipRateLimitKey(input.ip)}`, policy: ratePolicies().probe }],
    input,
    { failClosed: false },
  );
}

/**
 * Copies a decision's headers onto a response, keeping the tightest across the calls of one
 * tRPC batch (they share one Headers object): the lowest remaining wins, and Retry-After
 * keeps the longest wait.
 */
export function rateLimitHeaders(target: Headers, outcome: LimitOutcome): void {
  const h = RATE_LIMIT_HEADERS;
  const next = outcome.headers;
  if (next[h.remaining] !== undefined) {
    const current = target.get(h.remaining);
    const tighter =
      current === null ||
      Number(next[h.remaining]) < Number(current) ||
      (Number(next[h.remaining]) === Number(current) &&
        Number(next[h.reset]) > Number(target.get(h.reset)));
    if (tighter) for (const name of [h.limit, h.remaining, h.reset]) target.set(name, next[name]!);
  }
  const retry = next[h.retryAfter];
  if (retry !== undefined && Number(retry) > Number(target.get(h.retryAfter) ?? 0))
    target.set(h.retryAfter, retry);
}
