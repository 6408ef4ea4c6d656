// The rate limit every procedure passes first (it sits on publicProcedure), before any
// auth check: anonymous calls count even when they end in 401, and each call of a tRPC
// batch counts on its own. Signed-in callers (session or token) share one bucket per user;
// anonymous callers one per client IP (/64 for IPv6). Procedures with meta.rateLimit "auth"
// (register, login) use the auth tier instead, keyed by IP and, separately, by username,
// and fail closed when the limiter cannot answer.
import { ipRateLimitKey } from "../client-ip";
import type { Context } from "../context";
import { ratePolicies } from "../limits";
import { limitRefusal } from "../ratelimit/enforce";
import {
  authLimitChecks,
  enforceLimits,
  rateLimitHeaders,
  type LimitCheck,
  type LimitOutcome,
} from "../ratelimit/enforce";

export interface RateLimitMeta {
  /** "auth": sign-in/register tier (per IP and per username, fails closed). */
  rateLimit?: "auth";
}

interface RateLimitInput {
  ctx: Context;
  meta: RateLimitMeta | undefined;
  path: string;
  getRawInput: () => Promise<unknown>;
}

function usernameOf(raw: unknown): string | null {
  const value =
    raw && typeof raw === "object" ? (raw as { username?: unknown }).username : undefined;
  return typeof value === "string" ? value : null;
}

/** Counts this call against the caller's buckets and says whether it may run (headers already set). */
export async function decideRateLimit({
  ctx,
  meta,
  path,
  getRawInput,
}: RateLimitInput): Promise<LimitOutcome> {
  const policies = ratePolicies();
  let checks: LimitCheck[];
  const failClosed = meta?.rateLimit === "auth";
  if (failClosed) {
    // The raw input: this runs before validation, so malformed attempts count too.
    const raw = await getRawInput().catch(() => undefined);
    // Signed-in password checks (change password, delete account) count against their own username.
    checks = authLimitChecks(
      ctx.ip,
      usernameOf(raw) ?? ctx.principal?.user.username ?? null,
      policies.auth,
    );
  } else if (ctx.principal) {
    checks = [{ scope: "user", key: `user:${ctx.principal.user.id}`, policy: policies.user }];
  } else {
    checks = [{ scope: "ip", key: `ip:${ipRateLimitKey(ctx.ip)}`, policy: policies.anon }];
  }

  const outcome = await enforceLimits(
    ctx.limiter,
    checks,
    {
      db: ctx.db,
      ip: ctx.ip,
      requestId: ctx.requestId,
      userId: ctx.principal?.user.id ?? null,
      path,
    },
    { failClosed },
  );
  if (ctx.resHeaders) rateLimitHeaders(ctx.resHeaders, outcome);
  return outcome;
}

/** Counts this call; throws TOO_MANY_REQUESTS (or SERVICE_UNAVAILABLE for a fail-closed tier) when it may not run. */
export async function enforceRateLimit(input: RateLimitInput): Promise<void> {
  const outcome = await decideRateLimit(input);
  if (!outcome.allowed) throw limitRefusal(outcome);
}

/**
 * A request refused before any procedure ran (unknown path or method, unknown query
 * parameter, wrong content type, unreadable body) still cost the server work, so it counts
 * against the caller's ordinary bucket (user or client IP) like any call. When that bucket
 * is exhausted the answer is the 429 instead of the refusal.
 */
export function countRefusedRequest(ctx: Context, path: string): Promise<LimitOutcome> {
  return decideRateLimit({
    ctx,
    meta: undefined,
    path,
    getRawInput: () => Promise.resolve(undefined),
  });
}
