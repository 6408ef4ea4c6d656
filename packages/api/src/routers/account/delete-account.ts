import { z } from "zod";
import { recordSecurityEvent } from "../../audit";
import { verifyPassword } from "../../auth/password";
import { requireSecondFactor } from "../../auth/second-factor";
import { AppError, fieldError } from "../../errors";
import { accountMessages, deleteAccountInput } from "../../schemas/account";
import { protectedProcedure } from "../../trpc";
import { accountOpenApi } from "./account-openapi";

export const deleteAccount = protectedProcedure
  .meta({
    // A password check: limited like sign-in.
    rateLimit: "auth",
    successStatus: 204,
    // The password travels in a JSON body, never in the URL (see rest/handler.ts).
    deleteBody: true,
    openapi: {
      method: "DELETE",
      path: "/me",
      summary: "Delete the account and everything it owns",
      ...accountOpenApi,
      errorResponses: { 409: "The last active admin cannot delete their account." },
    },
  })
  .input(deleteAccountInput)
  .output(z.void())
  .mutation(async ({ ctx, input }) => {
    const userId = ctx.user.id;
    const user = await ctx.db.user.findUniqueOrThrow({
      where: { id: userId },
      select: { passwordHash: true },
    });
    if (!user.passwordHash) throw fieldError("password", accountMessages.noPassword);
    if (!(await verifyPassword(user.passwordHash, input.password)))
      throw fieldError("password", accountMessages.passwordWrong);
    // With two-factor on, a code is needed too (a no-op until two-factor exists).
    await requireSecondFactor(ctx.db, userId, input.code);

    await ctx.db
      .$transaction(
        async (tx) => {
          const me = await tx.user.findUniqueOrThrow({
            where: { id: userId },
            select: { role: true, disabledAt: true },
          });
          if (me.role === "ADMIN" && !me.disabledAt) {
            // Serializable, like admin demotion: two last admins deleting themselves at once conflict.
            const others = await tx.user.count({
              where: { role: "ADMIN", disabledAt: null, id: { not: userId } },
            });
            if (others === 0) throw new AppError("CONFLICT", accountMessages.lastAdmin);
          }
          // One statement: tasks, tokens, sessions, linked identities and links cascade with
          // the user; audit rows stay, with their actor set to null by the foreign key.
          await tx.user.delete({ where: { id: userId }, select: { id: true } });
        },
        { isolationLevel: "Serializable" },
      )
      .catch((error: unknown) => {
        if ((error as { code?: string }).code === "P2034")
          throw new AppError(
            "CONFLICT",
            "Another change to users happened at the same time; try again.",
          );
        throw error;
      });
    // The actor no longer exists: the row keeps the id only as its target.
    recordSecurityEvent(ctx, "account.delete", { actorId: null, target: userId });
  });
