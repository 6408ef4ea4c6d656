// Second factors: the authenticator app (TOTP) with its recovery codes, and whether a user
// has any second factor at all (TOTP or a passkey). Every code check goes through
// checkSecondFactorCode: it is rate-limited per user and per client IP (the "otp" tier,
// failing closed), refuses a code whose 30-second step was already used (no replay within
// its window), spends a recovery code at most once, and audits failures.
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@taskfort/db";
import { recordSecurityEvent } from "../audit";
import { ipRateLimitKey } from "../client-ip";
import type { Context } from "../context";
import { ratePolicies } from "../limits";
import { getRateLimiter } from "../ratelimit/backend";
import { limitRefusal, enforceLimits, type LimitOutcome } from "../ratelimit/enforce";
import type { RateLimiter } from "../ratelimit/types";
import { fieldsError } from "../errors";
import { RECOVERY_CODE_COUNT, twoFactorMessages } from "../schemas/two-factor";
import { open, seal } from "./secret-box";
import { matchTotpStep } from "./totp";

/** The HKDF purpose of the TOTP secret key: this key opens nothing else. */
const TOTP_SECRET_PURPOSE = "totp-secret-v1";

export function sealTotpSecret(secretBase32: string): string {
  return seal(secretBase32, TOTP_SECRET_PURPOSE);
}

export function openTotpSecret(sealed: string): { plain: string; stale: boolean } | null {
  return open(sealed, TOTP_SECRET_PURPOSE);
}

// Crockford-style alphabet without look-alikes (0/O, 1/I/L, U).
const RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ0123456789".replace(/[01]/g, "");

/**
 * Ten fresh codes like "K7QF-M2ZD-9XWP-HT4C": 16 symbols of a 30-letter alphabet, about 78
 * bits each, so an unsalted SHA-256 is enough at rest (nobody enumerates 2^78 candidates).
 */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(16);
    const symbols = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]!);
    return [0, 4, 8, 12].map((i) => symbols.slice(i, i + 4).join("")).join("-");
  });
}

/** Case, spaces and hyphens do not matter when a code is typed back. */
export function hashRecoveryCode(code: string): string {
  const normalized = code.toUpperCase().replace(/[\s-]/g, "");
  return createHash("sha256").update(`taskfort-recovery:${normalized}`).digest("hex");
}

/** Replaces the user's recovery codes: the old ones stop working at once. Returns the new codes (shown once). */
export async function replaceRecoveryCodes(db: Db, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await db.$transaction([
    db.recoveryCode.deleteMany({ where: { userId } }),
    db.recoveryCode.createMany({
      data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })),
    }),
  ]);
  return codes;
}

export interface SecondFactorStatus {
  /** An authenticator app is confirmed. */
  totp: boolean;
  passkeys: number;
}

export async function secondFactorStatus(db: Db, userId: string): Promise<SecondFactorStatus> {
  const [totp, passkeys] = await Promise.all([
    db.twoFactor.count({ where: { userId, confirmedAt: { not: null } } }),
    db.passkey.count({ where: { userId } }),
  ]);
  return { totp: totp > 0, passkeys };
}

/** What GET /me reports: whether the authenticator app is on, and how many passkeys there are. */
export async function secondFactorSummary(
  db: Db,
  userId: string,
): Promise<{ twoFactor: boolean; passkeys: number }> {
  const status = await secondFactorStatus(db, userId);
  return { twoFactor: status.totp, passkeys: status.passkeys };
}

export async function hasSecondFactor(db: Db, userId: string): Promise<boolean> {
  const status = await secondFactorStatus(db, userId);
  return status.totp || status.passkeys > 0;
}

/** Whether a password sign-in of this user needs a code (a confirmed authenticator app). */
export async function needsOtp(db: Db, userId: string): Promise<boolean> {
  return (await db.twoFactor.count({ where: { userId, confirmedAt: { not: null } } })) > 0;
}

export type CodeContext = Pick<Context, "db" | "ip" | "requestId" | "user"> & {
  limiter?: RateLimiter;
  /** Where the limiter's headers (Retry-After…) go; absent outside HTTP. */
  resHeaders?: Headers | null;
};

export type CodeCheck =
  | { ok: true; via: "totp" | "recovery" }
  | { ok: false; limited: null }
  | { ok: false; limited: LimitOutcome };

/**
 * Counts one code attempt against the otp tier (per user and per IP). Every attempt counts,
 * right or wrong: a limit that only wrong codes reach would need a read-then-write, and
 * a person types far fewer than five codes in fifteen minutes.
 */
async function limitCodeAttempt(ctx: CodeContext, userId: string): Promise<LimitOutcome> {
  const policy = ratePolicies().otp;
  return enforceLimits(
    ctx.limiter ?? getRateLimiter(),
    [
      { scope: "user", key: `user:${userId}`, policy },
      // No address known (an in-process caller): the per-user bucket alone, never a shared "" bucket.
      ...(ctx.ip ? [{ scope: "ip" as const, key: `ip:${ipRateLimitKey(ctx.ip)}`, policy }] : []),
    ],
    { db: ctx.db, ip: ctx.ip, requestId: ctx.requestId, userId, path: "two-factor" },
    { failClosed: true },
  );
}

/**
 * Checks an authenticator code (of the confirmed secret, or of the pending one when
 * `pending`) or, when allowed, a recovery code. On success the code is spent: its step is
 * recorded (that step and earlier ones are refused from then on) or the recovery code is
 * marked used, each by one conditional update so two concurrent uses cannot both win.
 */
export async function checkSecondFactorCode(
  ctx: CodeContext,
  userId: string,
  code: string,
  opts: { pending?: boolean; allowRecovery: boolean; purpose: string },
): Promise<CodeCheck> {
  const limit = await limitCodeAttempt(ctx, userId);
  if (!limit.allowed) return { ok: false, limited: limit };

  const normalized = code.replace(/\s/g, "");
  if (/^\d{6}$/.test(normalized)) {
    if (await spendTotp(ctx.db, userId, normalized, opts.pending ?? false))
      return { ok: true, via: "totp" };
  } else if (opts.allowRecovery) {
    const spent = await ctx.db.recoveryCode.updateMany({
      where: { userId, codeHash: hashRecoveryCode(normalized), usedAt: null },
      data: { usedAt: new Date() },
    });
    if (spent.count === 1) {
      const left = await ctx.db.recoveryCode.count({ where: { userId, usedAt: null } });
      recordSecurityEvent(ctx, "auth.recovery.used", {
        actorId: userId,
        target: userId,
        meta: { purpose: opts.purpose, left },
      });
      return { ok: true, via: "recovery" };
    }
  }
  // The code itself is never recorded, right or wrong.
  recordSecurityEvent(ctx, "auth.2fa.failure", {
    actorId: userId,
    target: userId,
    meta: { purpose: opts.purpose },
  });
  return { ok: false, limited: null };
}

async function spendTotp(db: Db, userId: string, code: string, pending: boolean) {
  const row = await db.twoFactor.findFirst({
    where: { userId, confirmedAt: pending ? null : { not: null } },
    select: { secretEnc: true, lastUsedStep: true },
  });
  if (!row) return false;
  const secret = openTotpSecret(row.secretEnc);
  if (!secret) return false;
  const step = matchTotpStep(secret.plain, code);
  if (step === null || (row.lastUsedStep !== null && step <= row.lastUsedStep)) return false;
  const spent = await db.twoFactor.updateMany({
    where: {
      userId,
      confirmedAt: pending ? null : { not: null },
      OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }],
    },
    // Sealed under a previous AUTH_SECRET: re-seal under the current one while we hold it.
    data: {
      lastUsedStep: step,
      ...(secret.stale ? { secretEnc: sealTotpSecret(secret.plain) } : {}),
    },
  });
  return spent.count === 1;
}

/**
 * For dangerous account actions (deleting the account): with the authenticator app on, a
 * code (or a recovery code) is needed as well as the password. Missing or wrong → BAD_REQUEST
 * with fields.code; throttled → 429. Pass the procedure's ctx so the attempt counts per user
 * and per client IP; given only the database it counts per user.
 */
export async function requireSecondFactor(
  ctxOrDb: CodeContext | Db,
  userId: string,
  code: string | undefined,
): Promise<void> {
  const ctx: CodeContext =
    "db" in ctxOrDb ? ctxOrDb : { db: ctxOrDb, ip: "", requestId: "second-factor", user: null };
  if (!(await needsOtp(ctx.db, userId))) return;
  if (!code?.trim())
    throw fieldsError("BAD_REQUEST", twoFactorMessages.otpRequired, {
      code: [twoFactorMessages.otpRequired],
    });
  const check = await checkSecondFactorCode(ctx, userId, code.trim(), {
    allowRecovery: true,
    purpose: "account",
  });
  if (check.ok) return;
  if (check.limited) throw limitRefusal(check.limited, ctx.resHeaders);
  throw fieldsError("BAD_REQUEST", twoFactorMessages.otpInvalid, {
    code: [twoFactorMessages.otpInvalid],
  });
}
