import { z } from "zod";
import { sessionView } from "../../schemas/account";
import { protectedProcedure } from "../../trpc";
import { accountOpenApi } from "./account-openapi";

export const listSessions = protectedProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/me/sessions",
      summary: "The account's browser sessions (the current one marked)",
      ...accountOpenApi,
    },
  })
  .output(z.array(sessionView))
  .query(async ({ ctx }) => {
    const currentId = ctx.principal.kind === "session" ? ctx.principal.sessionId : null;
    const rows = await ctx.db.session.findMany({
      where: { userId: ctx.user.id, expiresAt: { gt: new Date() } },
      orderBy: [{ lastSeenAt: "desc" }, { id: "asc" }],
      select: { id: true, createdAt: true, lastSeenAt: true, ip: true, userAgent: true },
    });
    return rows.map((s) => ({
      ...s,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      current: s.id === currentId,
    }));
  });
