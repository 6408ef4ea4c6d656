import { z } from "zod";
import { recordSecurityEvent } from "../../audit";
import { consumeOneTimeToken, findOneTimeToken } from "../../auth/one-time-token";
import { hashPassword } from "../../auth/password";
import { newPasswordProblem } from "../../auth/password-policy";
import { fieldError } from "../../errors";
import { accountMessages, resetPasswordInput } from "../../schemas/account";
import { publicProcedure } from "../../trpc";

/** One answer for unknown, expired, used and foreign links. */
const invalidLink = () => fieldError("token", accountMessages.linkInvalid);

export const resetPassword = publicProcedure
  .meta({
    // Limited like sign-in (per IP): 256-bit links cannot be guessed, but nobody gets to try.
    rateLimit: "auth",
    successStatus: 204,
    openapi: {
      method: "POST",
      path: "/auth/reset-password",
      tags: ["auth"],
      summary: "Set a new password with a reset link's token; every session ends",
      protect: false,
    },
  })
  .input(resetPasswordInput)
  .output(z.void())
  .mutation(async ({ ctx, input }) => {
    const token = await findOneTimeToken(ctx.db, input.token, "password-reset");
    const user = token
      ? await ctx.db.user.findUnique({
          where: { id: token.userId },
          select: { id: true, username: true, disabledAt: true },
        })
      : null;
    if (!token || !user || user.disabledAt) throw invalidLink();
    // The password rules are checked before the link is used up, so a refused password can be retried.
    const problem = await newPasswordProblem(input.newPassword, user.username);
    if (problem) throw fieldError("newPassword", problem);
    const passwordHash = await hashPassword(input.newPassword);

    await ctx.db.$transaction(async (tx) => {
      // Two uses racing: the conditional update lets exactly one through.
      if (!(await consumeOneTimeToken(tx, token, "password-reset"))) throw invalidLink();
      await tx.user.update({
        where: { id: user.id },
        data: { passwordHash },
        select: { id: true },
      });
      // Whoever was signed in (possibly the reason for the reset) is signed out everywhere.
      await tx.session.deleteMany({ where: { userId: user.id } });
    });
    recordSecurityEvent(ctx, "auth.password.reset", { actorId: user.id, target: user.id });
  });
