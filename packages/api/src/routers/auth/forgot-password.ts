import { z } from "zod";
import { recordSecurityEvent } from "../../audit";
import { runInBackground } from "../../background";
import { usernameKey } from "../../schemas/auth";
import { issueOneTimeToken } from "../../auth/one-time-token";
import type { Context } from "../../context";
import { oneTimeLink, RESET_PASSWORD_PATH } from "../../mail/links";
import { mailMode, sendMail } from "../../mail/mailer";
import { resetPasswordMail } from "../../mail/messages";
import { forgotPasswordInput } from "../../schemas/account";
import { publicProcedure } from "../../trpc";

export const FORGOT_PASSWORD_ANSWER = {
  message:
    "If that account exists and has a verified email address, a link to reset its password is on its way.",
} as const;

/**
 * Looks the account up and mails the link. Runs after the answer has gone out, so the
 * answer (its body and its timing) is the same for an unknown name, an account without a
 * verified email and one that gets a mail.
 */
async function mailResetLink(ctx: Context, username: string): Promise<void> {
  const user = await ctx.db.user.findUnique({
    where: { usernameKey: usernameKey(username) },
    select: { id: true, username: true, email: true, emailVerifiedAt: true, disabledAt: true },
  });
  const deliverable =
    user !== null &&
    !user.disabledAt &&
    user.email !== null &&
    user.emailVerifiedAt !== null &&
    mailMode() !== "off";
  // For admins: who asked, and whether a mail went out (the caller never learns it).
  recordSecurityEvent(ctx, "auth.password.reset.request", {
    actorId: null,
    target: user?.id ?? null,
    meta: { username: username.slice(0, 64), via: "mail", mailed: deliverable },
  });
  if (!deliverable) return;
  const { secret } = await issueOneTimeToken(ctx.db, user.id, "password-reset");
  await sendMail(
    resetPasswordMail(user.email!, user.username, oneTimeLink(ctx, RESET_PASSWORD_PATH, secret)),
  );
}

export const forgotPassword = publicProcedure
  .meta({
    // Per IP and per username: nobody can flood one mailbox or probe many names quickly.
    rateLimit: "auth",
    successStatus: 202,
    openapi: {
      method: "POST",
      path: "/auth/forgot-password",
      tags: ["auth"],
      summary: "Mail a password reset link (the answer is the same whether or not one is sent)",
      protect: false,
    },
  })
  .input(forgotPasswordInput)
  .output(z.object({ message: z.string() }))
  .mutation(({ ctx, input }) => {
    runInBackground("password reset mail", ctx.requestId, () => mailResetLink(ctx, input.username));
    return FORGOT_PASSWORD_ANSWER;
  });
