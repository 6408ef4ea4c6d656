import { findTaskPage, sqlOf, type TaskFilter, type TaskOrder } from "@taskfort/db";
import { pageInfo, pageWindow } from "../../schemas/pagination";
import { labelKey, listTasksInput, listTasksOutput, type TaskOrdering } from "../../schemas/task";
import { protectedProcedure } from "../../trpc";
import { boundedSearch } from "./search-slot";
import { tasksOpenApi, toTask } from "./task-shape";

// id breaks ties, so pages never overlap or skip rows that share a timestamp or title.
// Tasks without a due date come last in both directions: "what is due next" and "what is
// due last" are both about tasks that have a date.
const asc = (key: TaskOrder[number]["key"]) => ({ key, desc: false });
const desc = (key: TaskOrder[number]["key"]) => ({ key, desc: true });
const orderings: Record<TaskOrdering, TaskOrder> = {
  createdAt: [asc("createdAt"), asc("id")],
  "-createdAt": [desc("createdAt"), desc("id")],
  title: [asc("title"), asc("id")],
  "-title": [desc("title"), desc("id")],
  dueAt: [asc("dueAt"), asc("id")],
  "-dueAt": [desc("dueAt"), desc("id")],
  priority: [asc("priority"), desc("createdAt"), desc("id")],
  "-priority": [desc("priority"), desc("createdAt"), desc("id")],
};

export const listTasks = protectedProcedure
  .meta({
    scope: "tasks:read",
    openapi: { method: "GET", path: "/tasks", summary: "List your tasks", ...tasksOpenApi },
  })
  // prefault: a tRPC caller may omit the input and still get every default.
  .input(listTasksInput.prefault({}))
  .output(listTasksOutput)
  .query(async ({ ctx, input }) => {
    // Ownership is part of the filter: only the caller's live tasks are ever counted or read.
    const filter: TaskFilter = {
      ownerId: ctx.user.id,
      completed: input.completed,
      priority: input.priority,
      labelKey: input.label === undefined ? undefined : labelKey(input.label),
      dueBefore: input.dueBefore === undefined ? undefined : new Date(input.dueBefore),
      dueAfter: input.dueAfter === undefined ? undefined : new Date(input.dueAfter),
      overdue: input.overdue,
      search: input.search || undefined,
    };
    const page = { order: orderings[input.ordering], ...pageWindow(input) };
    const { total, rows } = filter.search
      ? // A search may be slow (a common word in long descriptions): bounded, see boundedSearch.
        await boundedSearch(ctx.db, (sql) => findTaskPage(sql, filter, page))
      : await findTaskPage(sqlOf(ctx.db), filter, page);
    // A page past the end is an empty page with the real totals, not an error.
    return { items: rows.map(toTask), ...pageInfo(input, total) };
  });
