import { secondFactorSummary } from "../../auth/second-factor";
import { meView } from "../../schemas/account";
import { protectedProcedure } from "../../trpc";
import { accountOpenApi } from "./account-openapi";

export const getMe = protectedProcedure
  .meta({
    // A script may ask who its token belongs to, whatever the token's scopes.
    anyToken: true,
    openapi: { method: "GET", path: "/me", summary: "The signed-in account", ...accountOpenApi },
  })
  .output(meView)
  .query(async ({ ctx }) => {
    const user = await ctx.db.user.findUniqueOrThrow({
      where: { id: ctx.user.id },
      select: {
        id: true,
        username: true,
        role: true,
        email: true,
        emailVerifiedAt: true,
        createdAt: true,
      },
    });
    return {
      id: user.id,
      username: user.username,
      role: user.role,
      email: user.email,
      emailVerified: user.emailVerifiedAt !== null,
      ...(await secondFactorSummary(ctx.db, user.id)),
      createdAt: user.createdAt.toISOString(),
    };
  });
