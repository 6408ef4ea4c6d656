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
    return {
      items: rows.map(({ actor, createdAt, ...e }) => ({
        ...e,
        createdAt: createdAt.toISOString(),
        actorUsername: actor?.username ?? null,
      })),
      ...pageInfo(input, total),
    };
  });
