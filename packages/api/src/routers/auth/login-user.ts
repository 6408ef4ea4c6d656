import { TRPCError } from "@trpc/server";
import { recordSecurityEvent } from "../../audit";
import { issueApiToken } from "../../auth/api-token";
import { checkCredentials } from "../../auth/credentials";
import { SCOPES } from "../../context";
import { fieldsError } from "../../errors";
import { rateLimitHeaders } from "../../ratelimit/enforce";
import { authMessages, loginInput, loginOutput, TOKEN_DEFAULT_DAYS } from "../../schemas/auth";
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
          throw new TRPCError({ code: "UNAUTHORIZED", message: authMessages.badCredentials });
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
          if (ctx.resHeaders) rateLimitHeaders(ctx.resHeaders, outcome.limit);
          throw new TRPCError({
            code: outcome.limit.status === 503 ? "SERVICE_UNAVAILABLE" : "TOO_MANY_REQUESTS",
            message: outcome.limit.message,
          });
      }
    }
    const user = outcome.user;
    const token = await issueApiToken(ctx.db, user.id, {
      name: `login ${new Date().toISOString().slice(0, 16).replace("T", " ")}`,
      scopes: SCOPES,
      expiresInDays: TOKEN_DEFAULT_DAYS,
    });
    recordSecurityEvent(ctx, "token.create", {
      actorId: user.id,
      target: token.id,
      meta: { via: "login", scopes: token.scopes },
    });
    return { token: token.secret, expiresAt: token.expiresAt.toISOString(), user };
  });
