import { secondFactorStatus } from "../../auth/second-factor";
import { twoFactorStatusOutput } from "../../schemas/two-factor";
import { protectedProcedure } from "../../trpc";

/** Whether the authenticator app is on (or set up but unconfirmed), recovery codes left, passkeys. */
export const getTwoFactor = protectedProcedure
  .meta({
    allowWithoutSecondFactor: true,
    openapi: {
      method: "GET",
      path: "/me/two-factor",
      tags: ["account"],
      summary: "Two-factor status of the signed-in user",
    },
  })
  .output(twoFactorStatusOutput)
  .query(async ({ ctx }) => {
    const [status, pending, recoveryCodesLeft] = await Promise.all([
      secondFactorStatus(ctx.db, ctx.user.id),
      ctx.db.twoFactor.count({ where: { userId: ctx.user.id, confirmedAt: null } }),
      ctx.db.recoveryCode.count({ where: { userId: ctx.user.id, usedAt: null } }),
    ]);
    return {
      enabled: status.totp,
      pending: pending > 0,
      recoveryCodesLeft: status.totp ? recoveryCodesLeft : 0,
      passkeys: status.passkeys,
    };
  });
