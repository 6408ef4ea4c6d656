import { z } from "zod";
import { recordSecurityEvent } from "../../audit";
import { consumeOneTimeToken, findOneTimeToken } from "../../auth/one-time-token";
import { AppError, fieldError } from "../../errors";
import { accountMessages, verifyEmailInput } from "../../schemas/account";
import { publicProcedure } from "../../trpc";

const invalidLink = () => fieldError("token", accountMessages.linkInvalid);

export const verifyEmail = publicProcedure
  .meta({
    successStatus: 204,
    openapi: {
      method: "POST",
      path: "/auth/verify-email",
      tags: ["auth"],
      summary: "Confirm an email address with the token from its verification link",
      protect: false,
    },
  })
  .input(verifyEmailInput)
  .output(z.void())
  .mutation(async ({ ctx, input }) => {
    // Anonymous on purpose: the link may be opened in a browser that is not signed in.
    const token = await findOneTimeToken(ctx.db, input.token, "email-verify");
    if (!token?.email) throw invalidLink();
    const email = token.email;
    try {
      await ctx.db.$transaction(async (tx) => {
        if (!(await consumeOneTimeToken(tx, token, "email-verify"))) throw invalidLink();
        // The link confirms the address it was sent to; after a later change it confirms nothing.
        const { count } = await tx.user.updateMany({
          where: { id: token.userId, email, disabledAt: null },
          data: { emailVerifiedAt: new Date(), emailKey: email.toLowerCase() },
        });
        if (count !== 1) throw invalidLink();
      });
    } catch (error) {
      // emailKey is unique: another account verified this address first.
      if ((error as { code?: string }).code === "P2002")
        throw new AppError("CONFLICT", accountMessages.emailTaken);
      throw error;
    }
    recordSecurityEvent(ctx, "account.email.verify", {
      actorId: token.userId,
      target: token.userId,
    });
  });
