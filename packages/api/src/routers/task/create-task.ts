import { withinQuota } from "../../quota";
import { createTaskInput, taskOutput } from "../../schemas/task";
import { protectedProcedure } from "../../trpc";
import { taskSelect, tasksOpenApi, toTask } from "./task-shape";

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
    const row = await withinQuota(
      ctx.db,
      { ownerId, resource: "tasks", count: (tx) => tx.task.count({ where: { ownerId } }) },
      (tx) =>
        tx.task.create({
          // The owner comes from the session or token, never from the body (which is strict anyway).
          data: {
            title: input.title,
            description: input.description,
            completed: input.completed,
            ownerId,
          },
          select: taskSelect,
        }),
    );
    return toTask(row);
  });
