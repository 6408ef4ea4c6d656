import { z } from "zod";
import { deleteTaskInput } from "../../schemas/task";
import { protectedProcedure } from "../../trpc";
import { ifMatchAdmits, live, preconditionFailed, taskNotFound, tasksOpenApi } from "./task-shape";

export const deleteTask = protectedProcedure
  .meta({
    scope: "tasks:write",
    successStatus: 204,
    openapi: {
      method: "DELETE",
      path: "/tasks/{id}",
      summary: "Move a task to the trash, or delete it for good",
      description:
        "Without `permanent` the task goes to the trash (restorable for 30 days). `permanent=true` deletes a live " +
        'or trashed task for good. `If-Match: "<version>"` that does not match answers 412 and changes nothing.',
      errorResponses: [412],
      ...tasksOpenApi,
    },
  })
  .input(deleteTaskInput)
  // Nothing comes back: REST answers 204.
  .output(z.void())
  .mutation(async ({ ctx, input }) => {
    const ownerId = ctx.user.id;
    await ctx.db.$transaction(async (tx) => {
      // Ownership in every where; zero rows means "not yours or not there".
      const scope = input.permanent
        ? { id: input.id, ownerId }
        : { id: input.id, ownerId, ...live };
      const current = await tx.task.findFirst({ where: scope, select: { version: true } });
      if (!current) throw taskNotFound();
      if (!ifMatchAdmits(ctx.ifMatch, current.version)) throw preconditionFailed();
      // With If-Match the version read is part of the write's where, so a change in between is 412 too.
      const where = ctx.ifMatch !== null ? { ...scope, version: current.version } : scope;
      const { count } = input.permanent
        ? await tx.task.deleteMany({ where })
        : await tx.task.updateMany({
            where,
            data: { deletedAt: new Date(), version: { increment: 1 } },
          });
      // Zero rows: a concurrent request changed or deleted it after our read. With If-Match that
      // is the 412 the client asked for; without, the task is simply gone (another delete won): 404.
      if (count === 0) throw ctx.ifMatch !== null ? preconditionFailed() : taskNotFound();
    });
  });
