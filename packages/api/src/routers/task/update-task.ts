import { taskOutput, updateTaskInput } from "../../schemas/task";
import { protectedProcedure } from "../../trpc";
import { taskNotFound, taskSelect, tasksOpenApi, toTask } from "./task-shape";
import { prismaFailure } from "../../errors";

export const updateTask = protectedProcedure
  .meta({
    scope: "tasks:write",
    openapi: {
      method: "PATCH",
      path: "/tasks/{id}",
      summary: "Change any of a task's title, description and completed",
      ...tasksOpenApi,
    },
  })
  // Takes `{ id, data }` from tRPC and `{ id, …fields }` from REST; see updateTaskInput.
  .input(updateTaskInput)
  .output(taskOutput)
  .mutation(async ({ ctx, input }) => {
    try {
      // Ownership is part of the write's own where: one statement, no read-then-check
      // window, and another user's row is simply not matched.
      const row = await ctx.db.task.update({
        where: { id: input.id, ownerId: ctx.user.id },
        data: input.data,
        select: taskSelect,
      });
      return toTask(row);
    } catch (error) {
      if (prismaFailure(error) === "not-found") throw taskNotFound();
      throw error;
    }
  });
