import { z } from "zod";
import { taskIdInput } from "../../schemas/task";
import { protectedProcedure } from "../../trpc";
import { taskNotFound, tasksOpenApi } from "./task-shape";

export const deleteTask = protectedProcedure
  .meta({
    scope: "tasks:write",
    successStatus: 204,
    openapi: { method: "DELETE", path: "/tasks/{id}", summary: "Delete a task", ...tasksOpenApi },
  })
  .input(taskIdInput)
  // Nothing comes back: REST answers 204.
  .output(z.void())
  .mutation(async ({ ctx, input }) => {
    // Ownership in the delete's own where; zero rows means "not yours or not there".
    const { count } = await ctx.db.task.deleteMany({
      where: { id: input.id, ownerId: ctx.user.id },
    });
    if (count === 0) throw taskNotFound();
  });
