import { z } from "zod";
import { passkeyView } from "../../schemas/two-factor";
import { protectedProcedure } from "../../trpc";
import { passkeySelect, toPasskeyView } from "./passkey-view";

export const listPasskeys = protectedProcedure
  .meta({
    allowWithoutSecondFactor: true,
    openapi: {
      method: "GET",
      path: "/me/passkeys",
      tags: ["account"],
      summary: "The signed-in user's passkeys",
    },
  })
  .output(z.array(passkeyView))
  .query(async ({ ctx }) => {
    const rows = await ctx.db.passkey.findMany({
      where: { userId: ctx.user.id },
      orderBy: { createdAt: "asc" },
      select: passkeySelect,
    });
    return rows.map(toPasskeyView);
  });
