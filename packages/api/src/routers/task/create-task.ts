import { createTaskInput, taskOutput } from "../../schemas/task";
import { protectedProcedure } from "../../trpc";
import { resolveLabelIds } from "./labels";
import { taskSelect, tasksOpenApi, toTask, withEtag } from "./task-shape";

export const createTask = protectedProcedure
  .meta({
    scope: "tasks:write",
    successStatus: 201,
    openapi: { method: "POST", path: "/tasks", summary: "Create a task", ...tasksOpenApi },
  })
  .input(createTaskInput)
  .output(taskOutput)
  .mutation(async ({ ctx, input }) => {
    const ownerId = ctx.user.id;
    const row = await ctx.db.$transaction(async (tx) => {
      const labelIds = await resolveLabelIds(tx, ownerId, input.labels ?? []);
      return tx.task.create({
        // The owner comes from the session or token, never from the body (which is strict anyway).
        data: {
          title: input.title,
          description: input.description,
          completed: input.completed,
          dueAt: input.dueAt ? new Date(input.dueAt) : null,
          priority: input.priority,
          ownerId,
          labels: { create: labelIds.map((labelId) => ({ labelId })) },
        },
        select: taskSelect,
      });
    });
    return withEtag(ctx, toTask(row));
  });
