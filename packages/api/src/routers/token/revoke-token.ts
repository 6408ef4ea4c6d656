import { recordSecurityEvent } from "../../audit";
import { apiTokenView, tokenIdInput } from "../../schemas/auth";
import { protectedProcedure } from "../../trpc";
import { tokenSelect, toTokenView } from "./token-view";
import { AppError } from "../../errors";

export const revokeToken = protectedProcedure
  .meta({
    successStatus: 204,
    openapi: {
      method: "DELETE",
      path: "/tokens/{id}",
      tags: ["tokens"],
      summary: "Revoke an API token",
    },
  })
  .input(tokenIdInput)
  .output(apiTokenView)
  .mutation(async ({ ctx, input }) => {
    // Ownership is in the where: another user's token id is NOT_FOUND, exactly like a made-up id.
    // Revoking twice keeps the first revocation time.
    const { count } = await ctx.db.apiToken.updateMany({
      where: { id: input.id, ownerId: ctx.user.id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    const token = await ctx.db.apiToken.findFirst({
      where: { id: input.id, ownerId: ctx.user.id },
      select: tokenSelect,
    });
    if (!token) throw new AppError("NOT_FOUND", "No such API token.");
    if (count) recordSecurityEvent(ctx, "token.revoke", { target: token.id });
    return toTokenView(token);
  });
