import { listTokensInput, listTokensOutput } from "../../schemas/auth";
import { pageInfo, pageWindow } from "../../schemas/pagination";
import { protectedProcedure } from "../../trpc";
import { tokenSelect, toTokenView } from "./token-view";

/**
 * The signed-in user's tokens, newest first, every one of them reachable page by page
 * (revoked and expired ones included, marked by their dates): a token that cannot be
 * listed cannot be found to revoke.
 */
export const listTokens = protectedProcedure
  .meta({
    openapi: { method: "GET", path: "/tokens", tags: ["tokens"], summary: "List your API tokens" },
  })
  // prefault: a tRPC caller may omit the input and still get every default.
  .input(listTokensInput.prefault({}))
  .output(listTokensOutput)
  .query(async ({ ctx, input }) => {
    const where = { ownerId: ctx.user.id };
    const [total, rows] = await ctx.db.$transaction([
      ctx.db.apiToken.count({ where }),
      ctx.db.apiToken.findMany({
        where,
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        ...pageWindow(input),
        select: tokenSelect,
      }),
    ]);
    return { items: rows.map(toTokenView), ...pageInfo(input, total) };
  });
