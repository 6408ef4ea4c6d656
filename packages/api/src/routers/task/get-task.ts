import { findTask, sqlOf } from "@taskfort/db";
import { taskIdInput, taskOutput } from "../../schemas/task";
import { protectedProcedure } from "../../trpc";
import { taskNotFound, tasksOpenApi, toTask, withEtag } from "./task-shape";

export const getTask = protectedProcedure
  .meta({
    scope: "tasks:read",
    openapi: {
      method: "GET",
      path: "/tasks/{id}",
      summary: "Get one of your tasks",
      ...tasksOpenApi,
    },
  })
  .input(taskIdInput)
  .output(taskOutput)
  .query(async ({ ctx, input }) => {
    // Ownership is part of the where: another user's task is simply not found.
    const row = await findTask(sqlOf(ctx.db), { id: input.id, ownerId: ctx.user.id });
    if (!row) throw taskNotFound();
    return withEtag(ctx, toTask(row));
  });
