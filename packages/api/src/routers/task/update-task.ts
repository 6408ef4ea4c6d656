import { taskOutput, updateTaskInput } from "../../schemas/task";
import { protectedProcedure } from "../../trpc";
import { resolveLabelIds } from "./labels";
import {
  ifMatchAdmits,
  live,
  preconditionFailed,
  taskNotFound,
  taskSelect,
  tasksOpenApi,
  toTask,
  versionConflict,
  withEtag,
} from "./task-shape";

export const updateTask = protectedProcedure
  .meta({
    scope: "tasks:write",
    openapi: {
      method: "PATCH",
      path: "/tasks/{id}",
      summary: "Change any of a task's fields",
      description:
        'Send `If-Match: "<version>"` (the ETag of your copy) to change it only if nobody else has: ' +
        "otherwise 412 and nothing changes. `expectedVersion` in the body does the same with 409.",
      errorResponses: [409, 412],
      ...tasksOpenApi,
    },
  })
  // Takes `{ id, expectedVersion?, data }` from tRPC and `{ id, …fields }` from REST; see updateTaskInput.
  .input(updateTaskInput)
  .output(taskOutput)
  .mutation(async ({ ctx, input }) => {
    const ownerId = ctx.user.id;
    const { labels, dueAt, ...fields } = input.data;
    const row = await ctx.db.$transaction(async (tx) => {
      // Ownership is part of every where: another user's row is simply not matched (404).
      const current = await tx.task.findFirst({
        where: { id: input.id, ownerId, ...live },
        select: { version: true },
      });
      if (!current) throw taskNotFound();
      if (!ifMatchAdmits(ctx.ifMatch, current.version)) throw preconditionFailed();
      if (input.expectedVersion !== undefined && input.expectedVersion !== current.version)
        throw versionConflict();
      const labelIds = labels ? await resolveLabelIds(tx, ownerId, labels) : undefined;
      // The version read above is part of the write's where: a change that slipped in
      // between (another request) makes this match nothing instead of being overwritten.
      const { count } = await tx.task.updateMany({
        where: { id: input.id, ownerId, version: current.version, ...live },
        data: {
          ...fields,
          ...(dueAt !== undefined && { dueAt: dueAt === null ? null : new Date(dueAt) }),
          version: { increment: 1 },
        },
      });
      if (count === 0) throw ctx.ifMatch !== null ? preconditionFailed() : versionConflict();
      if (labelIds) {
        await tx.taskLabel.deleteMany({ where: { taskId: input.id } });
        await tx.taskLabel.createMany({
          data: labelIds.map((labelId) => ({ taskId: input.id, labelId })),
        });
      }
      return tx.task.findFirstOrThrow({ where: { id: input.id, ownerId }, select: taskSelect });
    });
    return withEtag(ctx, toTask(row));
  });
