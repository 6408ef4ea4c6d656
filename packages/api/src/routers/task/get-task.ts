import { taskIdInput, taskOutput } from "../../schemas/task";
import { protectedProcedure } from "../../trpc";
import { taskNotFound, taskSelect, tasksOpenApi, toTask } from "./task-shape";

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
      where: { id: input.id, ownerId: ctx.user.id },
      select: taskSelect,
    });
    if (!row) throw taskNotFound();
    return toTask(row);
  });
