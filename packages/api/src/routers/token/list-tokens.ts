import { z } from "zod";
import { apiTokenView } from "../../schemas/auth";
import { protectedProcedure } from "../../trpc";
import { tokenSelect, toTokenView } from "./token-view";

/** The signed-in user's tokens, newest first (revoked and expired ones included, marked by their dates). */
export const listTokens = protectedProcedure
  .meta({
    openapi: { method: "GET", path: "/tokens", tags: ["tokens"], summary: "List your API tokens" },
  })
  .input(z.strictObject({}).optional())
  .output(z.object({ items: z.array(apiTokenView) }))
  .query(async ({ ctx }) => {
    const rows = await ctx.db.apiToken.findMany({
      where: { ownerId: ctx.user.id },
      orderBy: { createdAt: "desc" },
      take: 200,
      select: tokenSelect,
    });
    return { items: rows.map(toTokenView) };
  });
