import { taskIdInput, taskOutput } from "../../schemas/task";
import { protectedProcedure } from "../../trpc";
import {
  taskNotFound,
  taskSelect,
  tasksOpenApi,
  toTask,
  trashCutoff,
  withEtag,
} from "./task-shape";

export const restoreTask = protectedProcedure
  .meta({
    scope: "tasks:write",
    openapi: {
      method: "POST",
      path: "/tasks/{id}/restore",
      summary: "Bring a task back from the trash",
      ...tasksOpenApi,
    },
  })
  .input(taskIdInput)
  .output(taskOutput)
  .mutation(async ({ ctx, input }) => {
    const ownerId = ctx.user.id;
    const row = await ctx.db.$transaction(async (tx) => {
      // Only the caller's own trash within the retention window; anything else is "not found".
      const { count } = await tx.task.updateMany({
        where: { id: input.id, ownerId, deletedAt: { not: null, gte: trashCutoff() } },
        data: { deletedAt: null, version: { increment: 1 } },
      });
      if (count === 0) throw taskNotFound();
      return tx.task.findFirstOrThrow({ where: { id: input.id, ownerId }, select: taskSelect });
    });
    return withEtag(ctx, toTask(row));
  });
