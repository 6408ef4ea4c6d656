import { recordSecurityEvent } from "../../audit";
import { issueOneTimeToken } from "../../auth/one-time-token";
import { oneTimeLink, RESET_PASSWORD_PATH } from "../../mail/links";
import { resetLinkView, userIdInput } from "../../schemas/account";
import { adminProcedure } from "../../trpc";
import { AppError } from "../../errors";

export const createResetLink = adminProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/admin/users/{id}/reset-link",
      tags: ["admin"],
      summary: "A one-time password reset link to hand to a user (for installs without mail)",
    },
  })
  .input(userIdInput)
  .output(resetLinkView)
  .mutation(async ({ ctx, input }) => {
    const user = await ctx.db.user.findUnique({
      where: { id: input.id },
      select: { id: true, disabledAt: true },
    });
    if (!user) throw new AppError("NOT_FOUND", "No such user.");
    if (user.disabledAt)
      throw new AppError("BAD_REQUEST", "This user is disabled: enable the account first.");
    // Like a mailed link: it replaces any outstanding one, works once, for 30 minutes.
    const { secret, expiresAt } = await issueOneTimeToken(ctx.db, user.id, "password-reset");
    recordSecurityEvent(ctx, "auth.password.reset.request", {
      target: user.id,
      meta: { via: "admin" },
    });
    return {
      url: oneTimeLink(ctx, RESET_PASSWORD_PATH, secret),
      expiresAt: expiresAt.toISOString(),
    };
  });
