import { z } from "zod";
import { passkeyRegistrationOptions, relyingParty } from "../../auth/passkeys";
import { protectedProcedure } from "../../trpc";

/** WebAuthn creation options for the browser (tRPC only: the browser's passkey prompt is the only client). */
export const passkeyRegistrationOptionsProcedure = protectedProcedure
  .meta({ allowWithoutSecondFactor: true })
  .output(z.record(z.string(), z.unknown()))
  .mutation(async ({ ctx }) => {
    const rp = relyingParty(ctx.requestOrigin?.appOrigin ?? null);
    return { ...(await passkeyRegistrationOptions(ctx.db, ctx.user, rp)) };
  });
