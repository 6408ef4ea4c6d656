import { recordSecurityEvent } from "../../audit";
import { issueApiToken } from "../../auth/api-token";
import { checkCredentials } from "../../auth/credentials";
import { TOKEN_SCOPES } from "../../schemas/auth";
import { authMessages, loginInput, loginOutput, TOKEN_DEFAULT_DAYS } from "../../schemas/auth";
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
    const token = await issueApiToken(ctx.db, user.id, {
      name: `login ${new Date().toISOString().slice(0, 16).replace("T", " ")}`,
      scopes: TOKEN_SCOPES,
      expiresInDays: TOKEN_DEFAULT_DAYS,
    });
    recordSecurityEvent(ctx, "token.create", {
      actorId: user.id,
      target: token.id,
      meta: { via: "login", scopes: token.scopes },
    });
    return { token: token.secret, expiresAt: token.expiresAt.toISOString(), user };
  });
