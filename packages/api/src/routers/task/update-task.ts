import {
  findTask,
  sqlOf,
  sqlOfTx,
  updateTask as updateTaskRow,
  type Sql,
  type TaskChanges,
} from "@taskfort/db";
import { taskOutput, updateTaskInput } from "../../schemas/task";
import { protectedProcedure } from "../../trpc";
import { resolveLabelIds } from "./labels";
import {
  ifMatchAdmits,
  ifMatchVersions,
  preconditionFailed,
  taskNotFound,
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
    // The versions the caller's copy may be (If-Match and expectedVersion both narrow them):
    // the update's where compares them, so nothing is written over a change it has not seen.
    let versions = ifMatchVersions(ctx.ifMatch);
    if (input.expectedVersion !== undefined)
      versions = (versions ?? [input.expectedVersion]).filter((v) => v === input.expectedVersion);
    const target = { id: input.id, ownerId, versions: versions ?? undefined };
    const changes: TaskChanges = {
      ...fields,
      ...(dueAt !== undefined && { dueAt: dueAt === null ? null : new Date(dueAt) }),
    };

    // Nothing matched: say why, from the task as it is now.
    const refused = async (sql: Sql) => {
      // Ownership is part of the where: another user's task is simply not found (404).
      const current = await findTask(sql, { id: input.id, ownerId });
      if (!current) return taskNotFound();
      if (!ifMatchAdmits(ctx.ifMatch, current.version)) return preconditionFailed();
      if (input.expectedVersion !== undefined && input.expectedVersion !== current.version)
        return versionConflict();
      // It matched a moment ago: another request changed it in between.
      return ctx.ifMatch !== null ? preconditionFailed() : versionConflict();
    };

    const row = labels
      ? await ctx.db.$transaction(async (tx) => {
          const sql = sqlOfTx(tx);
          const labelIds = await resolveLabelIds(tx, ownerId, labels);
          // Thrown, not returned: labels made above are rolled back with it.
          if (!(await updateTaskRow(sql, target, changes))) throw await refused(sql);
          await tx.taskLabel.deleteMany({ where: { taskId: input.id } });
          await tx.taskLabel.createMany({
            data: labelIds.map((labelId) => ({ taskId: input.id, labelId })),
          });
          return findTask(sql, { id: input.id, ownerId });
        })
      : await updateTaskRow(sqlOf(ctx.db), target, changes);
    if (!row) throw await refused(sqlOf(ctx.db));
    return withEtag(ctx, toTask(row));
  });
