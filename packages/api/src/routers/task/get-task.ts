import { taskIdInput, taskOutput } from "../../schemas/task";
import { protectedProcedure } from "../../trpc";
import { live, taskNotFound, taskSelect, tasksOpenApi, toTask, withEtag } from "./task-shape";

export const getTask = protectedProcedure
  .meta({
    scope: "tasks:read",
    openapi: {
      method: "GET",
      path: "/tasks/{id}",
      summary: "Get one of your tasks",
      ...tasksOpenApi,
    },
  })
  .input(taskIdInput)
  .output(taskOutput)
  .query(async ({ ctx, input }) => {
    const row = await ctx.db.task.findFirst({
      where: { id: input.id, ownerId: ctx.user.id, ...live },
      select: taskSelect,
    });
    if (!row) throw taskNotFound();
    return withEtag(ctx, toTask(row));
  });
