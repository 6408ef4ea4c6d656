import { recordSecurityEvent } from "../../audit";
import { issueApiToken } from "../../auth/api-token";
import { createdApiToken, createTokenInput } from "../../schemas/auth";
import { protectedProcedure } from "../../trpc";
import { toTokenView } from "./token-view";

export const createToken = protectedProcedure
  .meta({
    successStatus: 201,
    openapi: {
      method: "POST",
      path: "/tokens",
      tags: ["tokens"],
      summary: "Create an API token (the secret is shown once)",
    },
  })
  .input(createTokenInput)
  .output(createdApiToken)
  .mutation(async ({ ctx, input }) => {
    const issued = await issueApiToken(ctx.db, ctx.user.id, input);
    recordSecurityEvent(ctx, "token.create", {
      target: issued.id,
      meta: { scopes: issued.scopes, expiresInDays: input.expiresInDays },
    });
    return {
      ...toTokenView({ ...issued, lastUsedAt: null, revokedAt: null }),
      token: issued.secret,
    };
  });
