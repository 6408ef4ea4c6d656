// Hook for dangerous account actions (deleting the account) that need a second factor
// once two-factor sign-in is on. Two-factor itself is not built yet: until it is, no
// account has it on and this lets every call through. When it lands, this is where a
// missing or wrong `code` becomes BAD_REQUEST with fields.code.
import type { Db } from "@taskfort/db";

export async function requireSecondFactor(
  _db: Db,
  _userId: string,
  _code: string | undefined,
): Promise<void> {
  // Two-factor is not implemented yet, so no account can have it on.
}

/** What GET /me reports until two-factor and passkeys exist. */
export async function secondFactorSummary(
  _db: Db,
  _userId: string,
): Promise<{ twoFactor: boolean; passkeys: number }> {
  return { twoFactor: false, passkeys: 0 };
}
