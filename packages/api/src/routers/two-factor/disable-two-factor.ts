import { z } from "zod";
import { recordSecurityEvent } from "../../audit";
import { verifyPassword } from "../../auth/password";
import { checkSecondFactorCode } from "../../auth/second-factor";
import { AppError, fieldsError } from "../../errors";
import { disableTwoFactorInput, twoFactorMessages } from "../../schemas/two-factor";
import { protectedProcedure } from "../../trpc";
import { throwCodeFailure } from "./code-errors";

/**
 * Turns the authenticator app off. Needs both the password and a code (or a recovery code):
 * a hijacked session alone, or a stolen phone alone, cannot remove the second factor.
 */
export const disableTwoFactor = protectedProcedure
  .meta({
    allowWithoutSecondFactor: true,
    successStatus: 204,
    deleteBody: true,
    openapi: {
      method: "DELETE",
      path: "/me/two-factor",
      tags: ["account"],
      summary: "Turn the authenticator app off (needs the password and a code)",
      description: 'The body is JSON: {"password", "code"}.',
    },
  })
  .input(disableTwoFactorInput)
  .output(z.object({}))
  .mutation(async ({ ctx, input }) => {
    const user = await ctx.db.user.findUniqueOrThrow({
      where: { id: ctx.user.id },
      select: { passwordHash: true, twoFactor: { select: { confirmedAt: true } } },
    });
    if (!user.twoFactor?.confirmedAt) throw new AppError("CONFLICT", twoFactorMessages.notOn);
    // The code is checked (and counted against the limit) whatever the password: the two
    // answers together would otherwise let a session holder probe passwords without limit.
    const check = await checkSecondFactorCode(ctx, ctx.user.id, input.code, {
      allowRecovery: true,
      purpose: "disable",
    });
    if (!check.ok) throwCodeFailure(ctx, check);
    if (!(await verifyPassword(user.passwordHash, input.password)))
      throw fieldsError("BAD_REQUEST", twoFactorMessages.passwordWrong, {
        password: [twoFactorMessages.passwordWrong],
      });
    await ctx.db.$transaction([
      ctx.db.twoFactor.deleteMany({ where: { userId: ctx.user.id } }),
      ctx.db.recoveryCode.deleteMany({ where: { userId: ctx.user.id } }),
    ]);
    recordSecurityEvent(ctx, "auth.2fa.disable", { target: ctx.user.id, meta: { by: "self" } });
    return {};
  });
