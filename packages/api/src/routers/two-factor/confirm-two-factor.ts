import { recordSecurityEvent } from "../../audit";
import { checkSecondFactorCode, replaceRecoveryCodes } from "../../auth/second-factor";
import {
  confirmTwoFactorInput,
  recoveryCodesOutput,
  twoFactorMessages,
} from "../../schemas/two-factor";
import { protectedProcedure } from "../../trpc";
import { throwCodeFailure } from "./code-errors";
import { AppError } from "../../errors";

/** A first code from the pending secret turns it on; the ten recovery codes are returned this once. */
export const confirmTwoFactor = protectedProcedure
  .meta({
    allowWithoutSecondFactor: true,
    openapi: {
      method: "POST",
      path: "/me/two-factor/confirm",
      tags: ["account"],
      summary: "Confirm the authenticator app with a code; returns 10 recovery codes, shown once",
    },
  })
  .input(confirmTwoFactorInput)
  .output(recoveryCodesOutput)
  .mutation(async ({ ctx, input }) => {
    const pending = await ctx.db.twoFactor.count({
      where: { userId: ctx.user.id, confirmedAt: null },
    });
    if (!pending) throw new AppError("CONFLICT", twoFactorMessages.notPending);
    const check = await checkSecondFactorCode(ctx, ctx.user.id, input.code, {
      pending: true,
      allowRecovery: false,
      purpose: "confirm",
    });
    if (!check.ok) throwCodeFailure(ctx, check);
    const { count } = await ctx.db.twoFactor.updateMany({
      where: { userId: ctx.user.id, confirmedAt: null },
      data: { confirmedAt: new Date() },
    });
    if (!count) throw new AppError("CONFLICT", twoFactorMessages.alreadyOn);
    const recoveryCodes = await replaceRecoveryCodes(ctx.db, ctx.user.id);
    recordSecurityEvent(ctx, "auth.2fa.enable", { target: ctx.user.id });
    return { recoveryCodes };
  });
