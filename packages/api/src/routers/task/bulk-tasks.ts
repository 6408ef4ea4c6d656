import type { Prisma } from "@taskfort/db";
import { bulkTasksInput, bulkTasksOutput, type BulkAction } from "../../schemas/task";
import { protectedProcedure } from "../../trpc";
import { live, tasksOpenApi } from "./task-shape";

/** Which live tasks each action changes, and how (a task already in that state is left alone). */
const actions: Record<
  BulkAction,
  { where: Prisma.TaskWhereInput; data: () => Prisma.TaskUpdateManyMutationInput }
> = {
  complete: { where: { completed: false }, data: () => ({ completed: true }) },
  reopen: { where: { completed: true }, data: () => ({ completed: false }) },
  delete: { where: {}, data: () => ({ deletedAt: new Date() }) },
};

export const bulkTasks = protectedProcedure
  .meta({
    scope: "tasks:write",
    openapi: {
      method: "POST",
      path: "/tasks/bulk",
      summary: "Complete, reopen or delete up to 100 tasks at once",
      description:
        "`notFound` lists the ids that are not your live tasks (missing, in the trash, or another user's); " +
        "they are left untouched. `updated` counts the tasks that changed.",
      ...tasksOpenApi,
    },
  })
  .input(bulkTasksInput)
  .output(bulkTasksOutput)
  .mutation(async ({ ctx, input }) => {
    const ownerId = ctx.user.id;
    const ids = [...new Set(input.ids)];
    const action = actions[input.action];
    return ctx.db.$transaction(async (tx) => {
      // Ownership in both wheres: another user's ids are never matched, so never changed,
      // and they are reported exactly like ids that do not exist.
      const found = await tx.task.findMany({
        where: { id: { in: ids }, ownerId, ...live },
        select: { id: true },
      });
      const foundIds = new Set(found.map((row) => row.id));
      const { count } = await tx.task.updateMany({
        where: { id: { in: [...foundIds] }, ownerId, ...live, ...action.where },
        data: { ...action.data(), version: { increment: 1 } },
      });
      return { updated: count, notFound: ids.filter((id) => !foundIds.has(id)) };
    });
  });
