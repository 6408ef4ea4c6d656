import { z } from "zod";
import { recordSecurityEvent } from "../../audit";
import { passkeyIdInput, twoFactorMessages } from "../../schemas/two-factor";
import { protectedProcedure } from "../../trpc";
import { AppError } from "../../errors";

export const deletePasskey = protectedProcedure
  .meta({
    allowWithoutSecondFactor: true,
    successStatus: 204,
    openapi: {
      method: "DELETE",
      path: "/me/passkeys/{id}",
      tags: ["account"],
      summary: "Remove a passkey (it can no longer sign in)",
    },
  })
  .input(passkeyIdInput)
  .output(z.object({}))
  .mutation(async ({ ctx, input }) => {
    // Ownership in the where: another user's passkey id is NOT_FOUND and stays untouched.
    const { count } = await ctx.db.passkey.deleteMany({
      where: { id: input.id, userId: ctx.user.id },
    });
    if (!count) throw new AppError("NOT_FOUND", twoFactorMessages.passkeyNotFound);
    recordSecurityEvent(ctx, "auth.passkey.remove", { target: input.id });
    return {};
  });
