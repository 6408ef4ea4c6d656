import { findTask, insertTask, insertTaskCoalesced, sqlOfTx, type NewTask } from "@taskfort/db";
import { AppError } from "../../errors";
import { quotaMessage, quotas } from "../../limits";
import { createTaskInput, taskOutput } from "../../schemas/task";
import { protectedProcedure } from "../../trpc";
import { resolveLabelIds } from "./labels";
import { tasksOpenApi, toTask, withEtag } from "./task-shape";

export const createTask = protectedProcedure
  .meta({
    scope: "tasks:write",
    successStatus: 201,
    openapi: { method: "POST", path: "/tasks", summary: "Create a task", ...tasksOpenApi },
  })
  .input(createTaskInput)
  .output(taskOutput)
  .mutation(async ({ ctx, input }) => {
    const quota = quotas().tasks;
    // Trash included: a deleted task still takes space until it is purged.
    const quotaFull = () => new AppError("CONFLICT", quotaMessage("tasks", quota));
    // The owner comes from the session or token, never from the body (which is strict anyway).
    const task: NewTask = {
      ownerId: ctx.user.id,
      title: input.title,
      description: input.description,
      completed: input.completed,
      dueAt: input.dueAt ? new Date(input.dueAt) : null,
      priority: input.priority,
    };
    const labels = input.labels ?? [];
    // Without labels a create is one statement (insertTask checks the quota in it), shared with
    // the same owner's concurrent creates (insertTaskCoalesced); with labels, the labels, the
    // task and their links are made in one transaction.
    const row = labels.length
      ? await ctx.db.$transaction(async (tx) => {
          const labelIds = await resolveLabelIds(tx, task.ownerId, labels);
          const sql = sqlOfTx(tx);
          const created = await insertTask(sql, task, quota);
          // Thrown, not returned: the labels made above are rolled back with it.
          if (!created) throw quotaFull();
          await tx.taskLabel.createMany({
            data: labelIds.map((labelId) => ({ taskId: created.id, labelId })),
          });
          return findTask(sql, { id: created.id, ownerId: task.ownerId });
        })
      : await insertTaskCoalesced(ctx.db, task, quota);
    if (!row) throw quotaFull();
    return withEtag(ctx, toTask(row));
  });
