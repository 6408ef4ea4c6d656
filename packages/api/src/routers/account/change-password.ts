import { z } from "zod";
import { recordSecurityEvent } from "../../audit";
import { fieldError } from "../../errors";
import { hashPassword, verifyPassword } from "../../auth/password";
import { newPasswordProblem } from "../../auth/password-policy";
import { accountMessages, changePasswordInput } from "../../schemas/account";
import { protectedProcedure } from "../../trpc";
import { accountOpenApi } from "./account-openapi";

export const changePassword = protectedProcedure
  .meta({
    // A password check: limited like sign-in (per IP and per username), so a stolen session cannot guess the password.
    rateLimit: "auth",
    successStatus: 204,
    openapi: {
      method: "POST",
      path: "/me/password",
      summary: "Change the password; every other session of the account ends",
      ...accountOpenApi,
    },
  })
  .input(changePasswordInput)
  .output(z.void())
  .mutation(async ({ ctx, input }) => {
    const user = await ctx.db.user.findUniqueOrThrow({
      where: { id: ctx.user.id },
      select: { id: true, username: true, passwordHash: true },
    });
    if (!(await verifyPassword(user.passwordHash, input.currentPassword)))
      throw fieldError("currentPassword", accountMessages.currentPasswordWrong);
    const problem = await newPasswordProblem(input.newPassword, user.username);
    if (problem) throw fieldError("newPassword", problem);
    const passwordHash = await hashPassword(input.newPassword);
    // Session-only procedure (no scope), so the principal is a session.
    const currentSessionId = ctx.principal.kind === "session" ? ctx.principal.sessionId : "";
    await ctx.db.$transaction([
      ctx.db.user.update({ where: { id: user.id }, data: { passwordHash }, select: { id: true } }),
      // Whoever else holds a session (maybe the reason for the change) is out; this browser stays in.
      ctx.db.session.deleteMany({ where: { userId: user.id, id: { not: currentSessionId } } }),
      // An outstanding reset link would undo the change.
      ctx.db.oneTimeToken.deleteMany({ where: { userId: user.id, purpose: "password-reset" } }),
    ]);
    recordSecurityEvent(ctx, "auth.password.change", { target: user.id });
  });
