import { listAuditInput, listAuditOutput } from "../../schemas/auth";
import { pageInfo, pageWindow } from "../../schemas/pagination";
import { adminProcedure } from "../../trpc";

export const listAuditEvents = adminProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/admin/audit",
      tags: ["admin"],
      summary: "Read the security audit log",
    },
  })
  .input(listAuditInput)
  .output(listAuditOutput)
  .query(async ({ ctx, input }) => {
    const where = {
      ...(input.action ? { action: input.action } : {}),
      ...(input.userId ? { OR: [{ actorId: input.userId }, { target: input.userId }] } : {}),
    };
    const [total, rows] = await Promise.all([
      ctx.db.auditEvent.count({ where }),
      ctx.db.auditEvent.findMany({
        where,
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        ...pageWindow(input),
        select: {
          id: true,
          createdAt: true,
          action: true,
          actorId: true,
          target: true,
          ip: true,
          requestId: true,
          meta: true,
          actor: { select: { username: true } },
        },
      }),
    ]);
    // Targets are free text; those that are user ids are shown by name too.
    const targets = [...new Set(rows.flatMap((e) => (e.target ? [e.target] : [])))];
    const named = targets.length
      ? await ctx.db.user.findMany({
          where: { id: { in: targets } },
          select: { id: true, username: true },
        })
      : [];
    const usernameOf = new Map(named.map((u) => [u.id, u.username]));
    return {
      items: rows.map(({ actor, createdAt, ...e }) => ({
        ...e,
        createdAt: createdAt.toISOString(),
        actorUsername: actor?.username ?? null,
        targetUsername: (e.target && usernameOf.get(e.target)) ?? null,
      })),
      ...pageInfo(input, total),
    };
  });
