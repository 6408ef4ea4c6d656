import { recordSecurityEvent } from "../../audit";
import { accountExportView } from "../../schemas/account";
import { protectedProcedure } from "../../trpc";
import { taskSelect, toTask } from "../task/task-shape";
import { tokenSelect, toTokenView } from "../token/token-view";
import { accountOpenApi } from "./account-openapi";

export const exportAccount = protectedProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/me/export",
      summary: "Everything stored about the account, as one JSON file",
      ...accountOpenApi,
    },
  })
  .output(accountExportView)
  .query(async ({ ctx }) => {
    const userId = ctx.user.id;
    // Explicit selects everywhere: no password hash, token hash or link hash can ride along.
    // When tasks get labels, they join here (the task select and a labels list).
    const [user, tasks, tokens, events] = await ctx.db.$transaction([
      ctx.db.user.findUniqueOrThrow({
        where: { id: userId },
        select: {
          id: true,
          username: true,
          role: true,
          email: true,
          emailVerifiedAt: true,
          createdAt: true,
        },
      }),
      ctx.db.task.findMany({
        where: { ownerId: userId },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: taskSelect,
      }),
      ctx.db.apiToken.findMany({
        where: { ownerId: userId },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: tokenSelect,
      }),
      // The user's own events: what they did, and what was done to their account.
      ctx.db.auditEvent.findMany({
        where: { OR: [{ actorId: userId }, { target: userId }] },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { id: true, createdAt: true, action: true, target: true, ip: true, meta: true },
      }),
    ]);
    recordSecurityEvent(ctx, "account.export", { target: userId });
    ctx.resHeaders?.set(
      "content-disposition",
      `attachment; filename="taskfort-${user.username}-export.json"`,
    );
    return {
      exportedAt: new Date().toISOString(),
      account: {
        id: user.id,
        username: user.username,
        role: user.role,
        email: user.email,
        emailVerified: user.emailVerifiedAt !== null,
        createdAt: user.createdAt.toISOString(),
      },
      tasks: tasks.map(toTask),
      tokens: tokens.map(toTokenView),
      auditEvents: events.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })),
    };
  });
