import { passkeyView, renamePasskeyInput, twoFactorMessages } from "../../schemas/two-factor";
import { protectedProcedure } from "../../trpc";
import { passkeySelect, toPasskeyView } from "./passkey-view";
import { AppError } from "../../errors";

export const renamePasskey = protectedProcedure
  .meta({
    allowWithoutSecondFactor: true,
    openapi: {
      method: "PATCH",
      path: "/me/passkeys/{id}",
      tags: ["account"],
      summary: "Rename a passkey",
    },
  })
  .input(renamePasskeyInput)
  .output(passkeyView)
  .mutation(async ({ ctx, input }) => {
    // Ownership in the where: another user's passkey id is NOT_FOUND, like a made-up one.
    const { count } = await ctx.db.passkey.updateMany({
      where: { id: input.id, userId: ctx.user.id },
      data: { name: input.name },
    });
    if (!count) throw new AppError("NOT_FOUND", twoFactorMessages.passkeyNotFound);
    const row = await ctx.db.passkey.findFirstOrThrow({
      where: { id: input.id, userId: ctx.user.id },
      select: passkeySelect,
    });
    return toPasskeyView(row);
  });
