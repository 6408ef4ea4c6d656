import type { Prisma } from "@taskfort/db";
import { pageInfo, pageWindow } from "../../schemas/pagination";
import { listTrashInput, listTrashOutput } from "../../schemas/task";
import { protectedProcedure } from "../../trpc";
import { purgeExpiredTrash } from "./purge-trash";
import { tasksOpenApi, toTrashedTask, trashCutoff, trashedTaskSelect } from "./task-shape";

export const listTrash = protectedProcedure
  .meta({
    scope: "tasks:read",
    openapi: {
      method: "GET",
      path: "/tasks/trash",
      summary: "List your deleted tasks (kept 30 days)",
      ...tasksOpenApi,
    },
  })
  .input(listTrashInput.prefault({}))
  .output(listTrashOutput)
  .query(async ({ ctx, input }) => {
    const now = new Date();
    // The caller's expired trash goes now; everyone else's with the hourly housekeeping (housekeeping.ts).
    await purgeExpiredTrash(ctx.db, now, ctx.user.id);
    const where: Prisma.TaskWhereInput = {
      ownerId: ctx.user.id,
      deletedAt: { not: null, gte: trashCutoff(now) },
    };
    const [total, rows] = await ctx.db.$transaction([
      ctx.db.task.count({ where }),
      ctx.db.task.findMany({
        where,
        orderBy: [{ deletedAt: "desc" }, { id: "desc" }],
        ...pageWindow(input),
        select: trashedTaskSelect,
      }),
    ]);
    return { items: rows.map(toTrashedTask), ...pageInfo(input, total) };
  });
