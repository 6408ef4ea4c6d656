// Username + password checks shared by auth.login (tRPC/REST) and the next-auth
// Credentials provider, so both paths have the same failure behaviour and audit trail.
import { recordSecurityEvent, type EventContext } from "../audit";
import type { AuthUser } from "../principal";
import { usernameKey } from "../schemas/auth";
import { verifyPassword } from "./password";

type CredentialsContext = EventContext;

/**
 * The user these credentials belong to, or null. Every path runs the hasher exactly once:
 * an unknown username verifies against a dummy hash, and a disabled or OIDC-only account
 * is verified too before being refused, so neither the answer nor the time tells an
 * attacker which usernames exist.
 */
export async function checkCredentials(
  ctx: CredentialsContext,
  input: { username: string; password: string },
  via: "password" | "login-token",
): Promise<AuthUser | null> {
  const user = await ctx.db.user.findUnique({
    where: { usernameKey: usernameKey(input.username) },
    select: { id: true, username: true, role: true, passwordHash: true, disabledAt: true },
  });
  const ok = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !ok || user.disabledAt) {
    const reason = !user ? "unknown-user" : !ok ? "bad-password" : "disabled";
    // The reason is for admins and operators only; the caller always gets the same answer.
    recordSecurityEvent(ctx, "auth.login.failure", {
      actorId: null,
      target: user?.id ?? null,
      meta: { username: input.username.slice(0, 64), reason, via },
    });
    return null;
  }
  recordSecurityEvent(ctx, "auth.login.success", {
    actorId: user.id,
    target: user.id,
    meta: { via },
  });
  return { id: user.id, username: user.username, role: user.role };
}
