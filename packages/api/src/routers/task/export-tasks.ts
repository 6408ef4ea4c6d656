import { exportTasksInput, exportTasksOutput } from "../../schemas/task";
import { protectedProcedure } from "../../trpc";
import { tasksToCsv } from "./csv";
import { live, taskSelect, tasksOpenApi, toTask } from "./task-shape";

export const exportTasks = protectedProcedure
  .meta({
    scope: "tasks:read",
    // REST sends `content` as the response body, an attachment (see rest/handler.ts).
    download: true,
    openapi: {
      method: "GET",
      path: "/tasks/export",
      summary: "Download every task of yours (JSON or CSV)",
      description:
        'An attachment. JSON is `{"tasks":[Task…]}`; CSV has a header row and the same fields, labels ' +
        'separated by ";". Either imports back through POST /tasks/import.',
      ...tasksOpenApi,
    },
  })
  .input(exportTasksInput.prefault({}))
  .output(exportTasksOutput)
  .query(async ({ ctx, input }) => {
    const rows = await ctx.db.task.findMany({
      where: { ownerId: ctx.user.id, ...live },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: taskSelect,
    });
    const tasks = rows.map(toTask);
    const day = new Date().toISOString().slice(0, 10);
    return input.format === "csv"
      ? {
          filename: `taskfort-tasks-${day}.csv`,
          contentType: "text/csv; charset=utf-8",
          content: tasksToCsv(tasks),
        }
      : {
          filename: `taskfort-tasks-${day}.json`,
          contentType: "application/json; charset=utf-8",
          content: `${JSON.stringify({ tasks }, null, 2)}\n`,
        };
  });
