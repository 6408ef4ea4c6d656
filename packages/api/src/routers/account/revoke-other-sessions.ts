import { z } from "zod";
import { recordSecurityEvent } from "../../audit";
import { protectedProcedure } from "../../trpc";
import { accountOpenApi } from "./account-openapi";

export const revokeOtherSessions = protectedProcedure
  .meta({
    successStatus: 204,
    openapi: {
      method: "DELETE",
      path: "/me/sessions",
      summary: "End every session of the account except this one",
      ...accountOpenApi,
    },
  })
  .output(z.void())
  .mutation(async ({ ctx }) => {
    const currentId = ctx.principal.kind === "session" ? ctx.principal.sessionId : "";
    const { count } = await ctx.db.session.deleteMany({
      where: { userId: ctx.user.id, id: { not: currentId } },
    });
    recordSecurityEvent(ctx, "session.revoke", { target: ctx.user.id, meta: { others: count } });
  });
