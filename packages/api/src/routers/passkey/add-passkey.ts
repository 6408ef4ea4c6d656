import { recordSecurityEvent } from "../../audit";
import { registerPasskey, relyingParty } from "../../auth/passkeys";
import { addPasskeyInput, passkeyView, twoFactorMessages } from "../../schemas/two-factor";
import { protectedProcedure } from "../../trpc";
import { passkeySelect, toPasskeyView } from "./passkey-view";
import { AppError } from "../../errors";

/** Stores a passkey after verifying the browser's registration response against this user's live challenge. */
export const addPasskey = protectedProcedure
  .meta({ allowWithoutSecondFactor: true })
  .input(addPasskeyInput)
  .output(passkeyView)
  .mutation(async ({ ctx, input }) => {
    const rp = relyingParty(ctx.requestOrigin?.appOrigin ?? null);
    const created = await registerPasskey(ctx.db, ctx.user, rp, input.name, input.response);
    if (!created) throw new AppError("BAD_REQUEST", twoFactorMessages.passkeyRefused);
    recordSecurityEvent(ctx, "auth.passkey.add", { target: created.id });
    const row = await ctx.db.passkey.findFirstOrThrow({
      where: { id: created.id, userId: ctx.user.id },
      select: passkeySelect,
    });
    return toPasskeyView(row);
  });
