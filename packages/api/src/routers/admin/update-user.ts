import { recordSecurityEvent } from "../../audit";
import { adminUserView, updateUserInput } from "../../schemas/auth";
import { adminProcedure } from "../../trpc";
import { AppError, prismaFailure } from "../../errors";
import { adminUserSelect, toAdminUserView } from "./user-view";

export const LAST_ADMIN_MESSAGE =
  "This is the last active admin: promote another user to admin first.";

export const updateUser = adminProcedure
  .meta({
    openapi: {
      method: "PATCH",
      path: "/admin/users/{id}",
      tags: ["admin"],
      summary: "Change a user's role or disabled state",
      errorResponses: { 409: "It would leave no active admin." },
    },
  })
  .input(updateUserInput)
  .output(adminUserView)
  .mutation(async ({ ctx, input }) => {
    if (input.id === ctx.user.id && input.disabled === true) {
      throw new AppError("BAD_REQUEST", "You cannot disable your own account.");
    }
    const updated = await ctx.db
      .$transaction(
        async (tx) => {
          const user = await tx.user.findUnique({
            where: { id: input.id },
            select: { id: true, role: true, disabledAt: true },
          });
          if (!user) throw new AppError("NOT_FOUND", "No such user.");
          const wasActiveAdmin = user.role === "ADMIN" && !user.disabledAt;
          const staysActiveAdmin =
            (input.role ?? user.role) === "ADMIN" && !(input.disabled ?? user.disabledAt !== null);
          if (wasActiveAdmin && !staysActiveAdmin) {
            // Serializable isolation makes two admins demoting each other at once conflict
            // instead of both succeeding and leaving nobody able to administer.
            const others = await tx.user.count({
              where: { role: "ADMIN", disabledAt: null, id: { not: user.id } },
            });
            if (others === 0) throw new AppError("CONFLICT", LAST_ADMIN_MESSAGE);
          }
          const disabledAt =
            input.disabled === undefined
              ? undefined
              : input.disabled
                ? (user.disabledAt ?? new Date())
                : null;
          // A disable ends the user's browser sessions outright, so re-enabling later does not revive old cookies.
          if (input.disabled === true) {
            // A disable ends sessions and API tokens for good: re-enabling must not revive
            // credentials that may have leaked while the account was shut.
            await tx.session.deleteMany({ where: { userId: user.id } });
            await tx.apiToken.updateMany({
              where: { ownerId: user.id, revokedAt: null },
              data: { revokedAt: new Date() },
            });
          }
          return tx.user.update({
            where: { id: user.id },
            data: { role: input.role, disabledAt },
            select: adminUserSelect,
          });
        },
        { isolationLevel: "Serializable" },
      )
      .catch((error: unknown) => {
        // A concurrent change won the serializable race; the caller may simply retry.
        if (prismaFailure(error) === "write-conflict")
          throw new AppError(
            "CONFLICT",
            "Another change to users happened at the same time; try again.",
          );
        throw error;
      });
    recordSecurityEvent(ctx, "admin.user.update", {
      target: updated.id,
      meta: { role: input.role ?? null, disabled: input.disabled ?? null },
    });
    return toAdminUserView(updated);
  });
