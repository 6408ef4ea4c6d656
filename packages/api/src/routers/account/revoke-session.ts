import { z } from "zod";
import { recordSecurityEvent } from "../../audit";
import { accountMessages, sessionIdInput } from "../../schemas/account";
import { protectedProcedure } from "../../trpc";
import { accountOpenApi } from "./account-openapi";
import { AppError } from "../../errors";

export const revokeSession = protectedProcedure
  .meta({
    successStatus: 204,
    openapi: {
      method: "DELETE",
      path: "/me/sessions/{id}",
      summary: "End one session (it is signed out at once)",
      ...accountOpenApi,
    },
  })
  .input(sessionIdInput)
  .output(z.void())
  .mutation(async ({ ctx, input }) => {
    // Ownership in the delete's where: another user's session id is "not found", like a task's.
    const { count } = await ctx.db.session.deleteMany({
      where: { id: input.id, userId: ctx.user.id },
    });
    if (count === 0) throw new AppError("NOT_FOUND", accountMessages.sessionNotFound);
    recordSecurityEvent(ctx, "session.revoke", { target: input.id });
  });
