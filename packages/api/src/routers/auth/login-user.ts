import { recordSecurityEvent } from "../../audit";
import { issueApiToken } from "../../auth/api-token";
import { checkCredentials } from "../../auth/credentials";
import { AppError, fieldsError } from "../../errors";
import { limitRefusal } from "../../ratelimit/enforce";
import {
  authMessages,
  LOGIN_TOKEN_NAME,
  loginInput,
  loginOutput,
  TOKEN_DEFAULT_DAYS,
  TOKEN_SCOPES,
} from "../../schemas/auth";
import { twoFactorMessages } from "../../schemas/two-factor";
import { publicProcedure } from "../../trpc";

/**
 * For scripts: username + password (+ `otp` when the account has two-factor authentication)
 * → a new API token with both scopes (the browser signs in through next-auth).
 */
export const loginUser = publicProcedure
  .meta({
    rateLimit: "auth",
    openapi: {
      method: "POST",
      path: "/auth/login",
      tags: ["auth"],
      summary: "Exchange a username and password (and a two-factor code) for an API token",
      description:
        'With two-factor authentication on, send "otp" (the authenticator code or a recovery code); a correct password without it answers 401 with fields.otp.',
      protect: false,
    },
  })
  .input(loginInput)
  .output(loginOutput)
  .mutation(async ({ ctx, input }) => {
    const outcome = await checkCredentials(ctx, input, "login-token");
    if (!outcome.ok) {
      switch (outcome.reason) {
        // Unknown user, wrong password and disabled account are one answer (see checkCredentials).
        case "bad-credentials":
          throw new AppError("UNAUTHORIZED", authMessages.badCredentials);
        // Only reached with the right password: naming the missing field reveals nothing more.
        case "otp-required":
          throw fieldsError("UNAUTHORIZED", twoFactorMessages.otpRequired, {
            otp: [twoFactorMessages.otpRequired],
          });
        case "otp-invalid":
          throw fieldsError("UNAUTHORIZED", twoFactorMessages.otpInvalid, {
            otp: [twoFactorMessages.otpInvalid],
          });
        case "otp-limited":
          throw limitRefusal(outcome.limit, ctx.resHeaders);
      }
    }
    const user = outcome.user;
    const token = await issueApiToken(
      ctx.db,
      user.id,
      {
        name: input.tokenName ?? LOGIN_TOKEN_NAME,
        scopes: TOKEN_SCOPES,
        expiresInDays: TOKEN_DEFAULT_DAYS,
      },
      { replace: input.replace === true },
    );
    recordSecurityEvent(ctx, "token.create", {
      actorId: user.id,
      target: token.id,
      meta: { via: "login", scopes: token.scopes, replaced: token.replaced.length },
    });
    for (const id of token.replaced)
      recordSecurityEvent(ctx, "token.revoke", {
        actorId: user.id,
        target: id,
        meta: { via: "login-replace" },
      });
    return { token: token.secret, expiresAt: token.expiresAt.toISOString(), user };
  });
