import { recordSecurityEvent } from "../../audit";
import { adminUserView } from "../../schemas/auth";
import { adminResetSecondFactorsInput } from "../../schemas/two-factor";
import { adminProcedure } from "../../trpc";
import { adminUserSelect, toAdminUserView } from "./user-view";
import { AppError } from "../../errors";

/**
 * For a user who lost their phone and recovery codes: removes the authenticator app, the
 * recovery codes and every passkey, and ends all of the user's sessions (whoever holds one
 * may be the reason for the reset). Audited with the admin as actor.
 */
export const resetSecondFactors = adminProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/admin/users/{id}/two-factor/reset",
      tags: ["admin"],
      summary:
        "Remove a user's second factors (authenticator, recovery codes, passkeys) and end their sessions",
    },
  })
  .input(adminResetSecondFactorsInput)
  .output(adminUserView)
  .mutation(async ({ ctx, input }) => {
    const [, , passkeys, sessions, , user] = await ctx.db.$transaction([
      ctx.db.twoFactor.deleteMany({ where: { userId: input.id } }),
      ctx.db.recoveryCode.deleteMany({ where: { userId: input.id } }),
      ctx.db.passkey.deleteMany({ where: { userId: input.id } }),
      ctx.db.session.deleteMany({ where: { userId: input.id } }),
      ctx.db.webAuthnChallenge.deleteMany({ where: { userId: input.id } }),
      ctx.db.user.findUnique({ where: { id: input.id }, select: adminUserSelect }),
    ]);
    if (!user) throw new AppError("NOT_FOUND", "No such user.");
    recordSecurityEvent(ctx, "admin.user.2fa.reset", {
      target: user.id,
      meta: { passkeys: passkeys.count, sessions: sessions.count },
    });
    return toAdminUserView(user);
  });
