import { recordSecurityEvent } from "../../audit";
import { checkSecondFactorCode, replaceRecoveryCodes } from "../../auth/second-factor";
import {
  recoveryCodesOutput,
  regenerateRecoveryCodesInput,
  twoFactorMessages,
} from "../../schemas/two-factor";
import { protectedProcedure } from "../../trpc";
import { throwCodeFailure } from "./code-errors";
import { AppError } from "../../errors";

/** Ten new recovery codes (shown once); every earlier one stops working. Needs a current code. */
export const regenerateRecoveryCodes = protectedProcedure
  .meta({
    allowWithoutSecondFactor: true,
    openapi: {
      method: "POST",
      path: "/me/two-factor/recovery-codes",
      tags: ["account"],
      summary: "Replace the recovery codes (the old ones stop working); needs a code",
    },
  })
  .input(regenerateRecoveryCodesInput)
  .output(recoveryCodesOutput)
  .mutation(async ({ ctx, input }) => {
    const on = await ctx.db.twoFactor.count({
      where: { userId: ctx.user.id, confirmedAt: { not: null } },
    });
    if (!on) throw new AppError("CONFLICT", twoFactorMessages.notOn);
    const check = await checkSecondFactorCode(ctx, ctx.user.id, input.code, {
      allowRecovery: true,
      purpose: "regenerate",
    });
    if (!check.ok) throwCodeFailure(ctx, check);
    const recoveryCodes = await replaceRecoveryCodes(ctx.db, ctx.user.id);
    recordSecurityEvent(ctx, "auth.recovery.regenerate", { target: ctx.user.id });
    return { recoveryCodes };
  });
