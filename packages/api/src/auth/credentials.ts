// Username + password (+ second factor) checks shared by auth.login (tRPC/REST) and the
// next-auth Credentials provider, so both paths have the same failure behaviour, the same
// second-factor rule and the same audit trail.
import { recordSecurityEvent } from "../audit";
import { AppError } from "../errors";
import { HASHER_BUSY_MESSAGE, HASHER_BUSY_RETRY_SECONDS, RATE_LIMIT_HEADERS } from "../limits";
import type { AuthUser } from "../principal";
import type { LimitOutcome } from "../ratelimit/enforce";
import { usernameKey } from "../schemas/auth";
import { HasherBusyError, verifyPassword } from "./password";
import { checkSecondFactorCode, needsOtp, type CodeContext } from "./second-factor";
import { usernameFingerprint } from "./username-fingerprint";

/** resHeaders, when present, also receives Retry-After for a saturated hasher. */
type CredentialsContext = CodeContext;

export type CredentialsOutcome =
  | { ok: true; user: AuthUser }
  /** Unknown user, wrong password or disabled account: one answer, whichever it was. */
  | { ok: false; reason: "bad-credentials" }
  /** The password was right and the account has an authenticator app: a code is needed. */
  | { ok: false; reason: "otp-required" }
  | { ok: false; reason: "otp-invalid" }
  | { ok: false; reason: "otp-limited"; limit: LimitOutcome };

/**
 * Whether these credentials sign in, and if not, why (as far as the caller may tell). Every
 * path runs the hasher exactly once: an unknown username verifies against a dummy hash, and
 * a disabled or OIDC-only account is verified too before being refused, so neither the
 * answer nor the time tells an attacker which usernames exist. Whether the account has a
 * second factor is looked at only after the password was right, so "a code is needed"
 * tells nothing to someone who does not know the password.
 */
export async function checkCredentials(
  ctx: CredentialsContext,
  input: { username: string; password: string; otp?: string | undefined },
  via: "password" | "login-token",
): Promise<CredentialsOutcome> {
  const user = await ctx.db.user.findUnique({
    where: { usernameKey: usernameKey(input.username) },
    select: { id: true, username: true, role: true, passwordHash: true, disabledAt: true },
  });
  const ok = await verifyPassword(user?.passwordHash ?? null, input.password).catch(
    (error: unknown) => {
      throw hasherBusyRefusal(error, ctx);
    },
  );
  if (!user || !ok || user.disabledAt) {
    const reason = !user ? "unknown-user" : !ok ? "bad-password" : "disabled";
    // The reason is for admins and operators only; the caller always gets the same answer.
    recordSecurityEvent(ctx, "auth.login.failure", {
      actorId: null,
      target: user?.id ?? null,
      // An unknown name may be a password typed into the wrong field: only its fingerprint is kept.
      meta: {
        username: user ? user.username : usernameFingerprint(input.username),
        reason,
        via,
      },
    });
    return { ok: false, reason: "bad-credentials" };
  }
  let secondFactor: "totp" | "recovery" | null = null;
  if (await needsOtp(ctx.db, user.id)) {
    const otp = input.otp?.trim();
    if (!otp) return { ok: false, reason: "otp-required" };
    const check = await checkSecondFactorCode(ctx, user.id, otp, {
      allowRecovery: true,
      purpose: "sign-in",
    });
    if (!check.ok)
      return check.limited
        ? { ok: false, reason: "otp-limited", limit: check.limited }
        : { ok: false, reason: "otp-invalid" };
    secondFactor = check.via;
  }
  recordSecurityEvent(ctx, "auth.login.success", {
    actorId: user.id,
    target: user.id,
    meta: { via, secondFactor },
  });
  return { ok: true, user: { id: user.id, username: user.username, role: user.role } };
}

/** A saturated hasher becomes 503 with Retry-After (set on the response when there is one); anything else is rethrown as is. */
export function hasherBusyRefusal(error: unknown, ctx: { resHeaders?: Headers | null }): unknown {
  if (!(error instanceof HasherBusyError)) return error;
  ctx.resHeaders?.set(RATE_LIMIT_HEADERS.retryAfter, String(HASHER_BUSY_RETRY_SECONDS));
  return new AppError("SERVICE_UNAVAILABLE", HASHER_BUSY_MESSAGE, { expose: true });
}
