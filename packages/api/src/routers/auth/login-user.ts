import { recordSecurityEvent } from "../../audit";
import { issueApiToken } from "../../auth/api-token";
import { checkCredentials } from "../../auth/credentials";
import {
  authMessages,
  LOGIN_TOKEN_NAME,
  loginInput,
  loginOutput,
  TOKEN_DEFAULT_DAYS,
  TOKEN_SCOPES,
} from "../../schemas/auth";
import { publicProcedure } from "../../trpc";
import { AppError } from "../../errors";

/** For scripts: username + password → a new API token with both scopes (the browser signs in through next-auth). */
export const loginUser = publicProcedure
  .meta({
    rateLimit: "auth",
    openapi: {
      method: "POST",
      path: "/auth/login",
      tags: ["auth"],
      summary: "Exchange a username and password for an API token",
      protect: false,
    },
  })
  .input(loginInput)
  .output(loginOutput)
  .mutation(async ({ ctx, input }) => {
    const user = await checkCredentials(ctx, input, "login-token");
    // Unknown user, wrong password and disabled account are one answer (see checkCredentials).
    if (!user) throw new AppError("UNAUTHORIZED", authMessages.badCredentials);
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
