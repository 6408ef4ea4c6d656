import { z } from "zod";
import { passkeySignInOptions, relyingParty } from "../../auth/passkeys";
import { publicProcedure } from "../../trpc";

/**
 * A fresh sign-in challenge for "Sign in with a passkey" (anonymous). On the sign-in tier:
 * each call stores a challenge, so it is limited like a sign-in attempt.
 */
export const passkeySignInOptionsProcedure = publicProcedure
  .meta({ rateLimit: "auth" })
  .output(z.record(z.string(), z.unknown()))
  .mutation(async ({ ctx }) => {
    const rp = relyingParty(ctx.requestOrigin?.appOrigin ?? null);
    return { ...(await passkeySignInOptions(ctx.db, rp)) };
  });
