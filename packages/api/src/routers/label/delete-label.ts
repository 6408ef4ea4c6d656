import { z } from "zod";
import { labelIdInput } from "../../schemas/task";
import { protectedProcedure } from "../../trpc";
import { labelNotFound, labelsOpenApi } from "./label-shape";

export const deleteLabel = protectedProcedure
  .meta({
    scope: "tasks:write",
    successStatus: 204,
    openapi: {
      method: "DELETE",
      path: "/labels/{id}",
      summary: "Delete a label (it is removed from your tasks)",
      ...labelsOpenApi,
    },
  })
  .input(labelIdInput)
  .output(z.void())
  .mutation(async ({ ctx, input }) => {
    const ownerId = ctx.user.id;
    await ctx.db.$transaction(async (tx) => {
      const label = await tx.label.findFirst({
        where: { id: input.id, ownerId },
        select: { id: true },
      });
      if (!label) throw labelNotFound();
      // Losing a label is a change to each task that had it: their versions move on, so a
      // stale If-Match or expectedVersion from before the delete no longer matches.
      await tx.task.updateMany({
        where: { ownerId, labels: { some: { labelId: label.id } } },
        data: { version: { increment: 1 } },
      });
      // The task links go with it (ON DELETE CASCADE).
      await tx.label.deleteMany({ where: { id: label.id, ownerId } });
    });
  });
