import { z } from "zod";
import { listLabelsOutput } from "../../schemas/task";
import { protectedProcedure } from "../../trpc";
import { labelsOpenApi } from "./label-shape";

export const listLabels = protectedProcedure
  .meta({
    scope: "tasks:read",
    openapi: { method: "GET", path: "/labels", summary: "List your labels", ...labelsOpenApi },
  })
  .input(z.strictObject({}).prefault({}))
  .output(listLabelsOutput)
  .query(async ({ ctx }) => {
    const rows = await ctx.db.label.findMany({
      where: { ownerId: ctx.user.id },
      orderBy: [{ nameKey: "asc" }],
      select: {
        id: true,
        name: true,
        // Tasks in the trash do not count: the number is what the label filter would show.
        _count: { select: { tasks: { where: { task: { deletedAt: null } } } } },
      },
    });
    return rows.map((row) => ({ id: row.id, name: row.name, taskCount: row._count.tasks }));
  });
