import { z } from "zod";
import { recordSecurityEvent } from "../../audit";
import { revokeAllTokensOutput } from "../../schemas/auth";
import { protectedProcedure } from "../../trpc";

/** Revoke every active token of the signed-in user at once (a leak, a lost laptop). Session only, like all token procedures. */
export const revokeAllTokens = protectedProcedure
  .meta({
    successStatus: 204,
    openapi: {
      method: "DELETE",
      path: "/tokens",
      tags: ["tokens"],
      summary: "Revoke all your API tokens",
    },
  })
  .input(z.strictObject({}).optional())
  .output(revokeAllTokensOutput)
  .mutation(async ({ ctx }) => {
    const { count } = await ctx.db.apiToken.updateMany({
      where: { ownerId: ctx.user.id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count) recordSecurityEvent(ctx, "token.revoke", { meta: { all: true, count } });
    return { revoked: count };
  });
