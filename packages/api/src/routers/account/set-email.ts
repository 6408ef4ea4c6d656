import { z } from "zod";
import { recordSecurityEvent } from "../../audit";
import { runInBackground } from "../../background";
import { issueOneTimeToken } from "../../auth/one-time-token";
import { mailMode, sendMail } from "../../mail/mailer";
import { oneTimeLink, VERIFY_EMAIL_PATH } from "../../mail/links";
import { verifyEmailMail } from "../../mail/messages";
import { accountMessages, setEmailInput } from "../../schemas/account";
import { protectedProcedure } from "../../trpc";
import { accountOpenApi } from "./account-openapi";
import { AppError } from "../../errors";

export const setEmail = protectedProcedure
  .meta({
    successStatus: 202,
    openapi: {
      method: "PUT",
      path: "/me/email",
      summary: "Set or change the email address; a verification link is mailed to it",
      ...accountOpenApi,
    },
  })
  .input(setEmailInput)
  .output(z.object({ message: z.string() }))
  .mutation(async ({ ctx, input }) => {
    if (mailMode() === "off") throw new AppError("BAD_REQUEST", accountMessages.mailOff);
    // The new address is kept unverified (and used for nothing) until its link is followed;
    // whether another account has verified it is only decided then, so this answer reveals
    // nothing about other accounts.
    const { secret } = await ctx.db.$transaction(async (tx) => {
      await tx.user.update({
        where: { id: ctx.user.id },
        data: { email: input.email, emailVerifiedAt: null, emailKey: null },
        select: { id: true },
      });
      return issueOneTimeToken(tx, ctx.user.id, "email-verify", { email: input.email });
    });
    recordSecurityEvent(ctx, "account.email.change", { target: ctx.user.id });
    const mail = verifyEmailMail(
      input.email,
      ctx.user.username,
      oneTimeLink(ctx, VERIFY_EMAIL_PATH, secret),
    );
    runInBackground("verification mail", ctx.requestId, () => sendMail(mail));
    return { message: "A verification link is on its way to that address." };
  });
