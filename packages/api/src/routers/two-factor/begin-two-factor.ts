import { sealTotpSecret } from "../../auth/second-factor";
import { newTotpSecret, otpauthUri } from "../../auth/totp";
import { twoFactorMessages, twoFactorSetupOutput } from "../../schemas/two-factor";
import { protectedProcedure } from "../../trpc";
import { AppError } from "../../errors";

/**
 * Starts (or restarts) enrolment: a new secret, stored sealed and pending until a code
 * from it is confirmed. The secret is returned this once, for the QR code and for typing in.
 */
export const beginTwoFactor = protectedProcedure
  .meta({
    allowWithoutSecondFactor: true,
    openapi: {
      method: "POST",
      path: "/me/two-factor",
      tags: ["account"],
      summary: "Start setting up an authenticator app (pending until confirmed)",
    },
  })
  .output(twoFactorSetupOutput)
  .mutation(async ({ ctx }) => {
    const secret = newTotpSecret();
    const secretEnc = sealTotpSecret(secret);
    // Only a pending row may be replaced: an enabled authenticator is turned off first (password + code).
    const existing = await ctx.db.twoFactor.findUnique({
      where: { userId: ctx.user.id },
      select: { confirmedAt: true },
    });
    if (existing?.confirmedAt) throw new AppError("CONFLICT", twoFactorMessages.alreadyOn);
    await ctx.db.twoFactor.upsert({
      where: { userId: ctx.user.id },
      create: { userId: ctx.user.id, secretEnc },
      update: { secretEnc, lastUsedStep: null },
    });
    return { secret, otpauthUri: otpauthUri(secret, ctx.user.username) };
  });
