import { ZodRealError, type core } from "zod";
import {
  IMPORT_MAX_TASKS,
  importTaskRow,
  importTasksInput,
  importTasksOutput,
  labelKey,
  taskMessages,
  type ImportTaskRow,
} from "../../schemas/task";
import { protectedProcedure } from "../../trpc";
import {
  CSV_COLUMNS,
  CSV_LABEL_SEPARATOR,
  CsvSyntaxError,
  parseCsvRecords,
  uncell,
  type CsvColumn,
} from "./csv";
import { assertWithinQuota } from "../../quota";
import { resolveLabels } from "./labels";
import { tasksOpenApi } from "./task-shape";
import { AppError } from "../../errors";

// ZodRealError, not ZodError: zod 4's ZodError is no Error, and tRPC would wrap it beyond
// the formatter's reach; this one keeps the field errors (errors.ts fieldsFromZod).
const invalid = (issues: core.$ZodIssue[]) =>
  new AppError("BAD_REQUEST", "Some rows are not valid; nothing was imported.", {
    cause: new ZodRealError(issues),
  });

const issueAt = (path: (string | number)[], message: string): core.$ZodIssue => ({
  code: "custom",
  path,
  message,
  input: undefined,
});

/** CSV text → the same plain objects the JSON import has, cells converted to their JSON types. */
function csvToRows(text: string): Record<string, unknown>[] {
  let records: string[][];
  try {
    records = parseCsvRecords(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw invalid([issueAt(["csv"], error.message)]);
    throw error;
  }
  // Blank lines are no tasks.
  records = records.filter((r) => !(r.length === 1 && r[0] === ""));
  const [header, ...data] = records;
  if (!header) throw invalid([issueAt(["csv"], "The CSV has no header row.")]);
  const columns = header.map((name) => name.trim());
  const unknown = columns.filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c));
  if (unknown.length)
    throw invalid([issueAt(["csv"], `Unknown column ${unknown.map((c) => `"${c}"`).join(", ")}.`)]);
  if (!columns.includes("title"))
    throw invalid([issueAt(["csv"], 'The CSV needs a "title" column.')]);
  return data.map((record) => {
    const row: Record<string, unknown> = {};
    columns.forEach((column, index) => {
      const raw = uncell(record[index] ?? "");
      switch (column as CsvColumn) {
        case "title":
        case "description":
          row[column] = raw;
          break;
        case "completed":
          if (raw !== "") row.completed = raw === "true" ? true : raw === "false" ? false : raw;
          break;
        case "dueAt":
          row.dueAt = raw === "" ? null : raw;
          break;
        case "priority":
          if (raw !== "") row.priority = /^\d{1,3}$/.test(raw) ? Number(raw) : raw;
          break;
        case "labels":
          row.labels = raw === "" ? [] : raw.split(CSV_LABEL_SEPARATOR);
          break;
        case "createdAt":
          if (raw !== "") row.createdAt = raw;
          break;
        case "id":
        case "version":
        case "updatedAt":
          // The imported task gets its own.
          break;
      }
    });
    return row;
  });
}

export const importTasks = protectedProcedure
  .meta({
    scope: "tasks:write",
    successStatus: 201,
    // REST allows this route a larger body (IMPORT_MAX_BODY_BYTES) and a text/csv body.
    largeBody: true,
    openapi: {
      method: "POST",
      path: "/tasks/import",
      summary: "Import tasks from an export (JSON or CSV), all or nothing",
      description:
        "Up to 1,000 tasks and 1 MB. Send the JSON export as it is, or the CSV export with `Content-Type: text/csv`. " +
        "If any row is invalid nothing is created and `fields` names each problem as `rows.<n>.<field>` (n counts tasks from 1).",
      ...tasksOpenApi,
    },
  })
  .input(importTasksInput)
  .output(importTasksOutput)
  .mutation(async ({ ctx, input }) => {
    const raw = input.tasks ?? csvToRows(input.csv ?? "");
    if (raw.length > IMPORT_MAX_TASKS)
      throw invalid([issueAt([input.tasks ? "tasks" : "csv"], taskMessages.importMax)]);
    const rows: ImportTaskRow[] = [];
    const issues: core.$ZodIssue[] = [];
    raw.forEach((candidate, index) => {
      const parsed = importTaskRow.safeParse(candidate);
      if (parsed.success) rows.push(parsed.data);
      else
        for (const issue of parsed.error.issues)
          issues.push({ ...issue, path: ["rows", index + 1, ...issue.path] });
    });
    if (issues.length) throw invalid(issues);

    const ownerId = ctx.user.id;
    const created = await ctx.db.$transaction(
      async (tx) => {
        await assertWithinQuota(tx, {
          ownerId,
          resource: "tasks",
          count: async (t) =>
            (
              await t.user.findUniqueOrThrow({
                where: { id: ownerId },
                select: { taskCount: true },
              })
            ).taskCount,
          adding: rows.length,
        });
        const labelIds = await resolveLabels(
          tx,
          ownerId,
          rows.flatMap((row) => row.labels ?? []),
        );
        const tasks = await tx.task.createManyAndReturn({
          data: rows.map((row) => ({
            ownerId,
            title: row.title,
            description: row.description,
            completed: row.completed,
            dueAt: row.dueAt ? new Date(row.dueAt) : null,
            priority: row.priority,
            ...(row.createdAt && { createdAt: new Date(row.createdAt) }),
          })),
          select: { id: true, title: true },
        });
        // One multi-row INSERT returns its rows in VALUES order; checked, since the labels
        // below are attached by position. A mismatch rolls everything back.
        if (tasks.some((task, i) => task.title !== rows[i]?.title))
          throw new Error("import: inserted rows came back out of order");
        const links = tasks.flatMap((task, i) =>
          (rows[i]?.labels ?? []).map((name) => ({
            taskId: task.id,
            labelId: labelIds.get(labelKey(name))!,
          })),
        );
        if (links.length) await tx.taskLabel.createMany({ data: links });
        // Inserts are counted by whoever checked the quota (see insertTask in @taskfort/db).
        await tx.user.update({
          where: { id: ownerId },
          data: { taskCount: { increment: tasks.length } },
        });
        return tasks.length;
      },
      // 1,000 rows on the embedded database take a few seconds; the default is 5.
      { timeout: 60_000 },
    );
    return { created };
  });
