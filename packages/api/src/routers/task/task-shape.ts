// What of a task leaves the server, and how. Every task procedure selects through this,
// so a new column stays inside until it is added here and to taskOutput on purpose.
import type { Prisma } from "@taskfort/db";
import type { Task } from "../../schemas/task";
import { AppError } from "../../errors";

export const taskSelect = {
  id: true,
  title: true,
  description: true,
  completed: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.TaskSelect;

type TaskRow = Prisma.TaskGetPayload<{ select: typeof taskSelect }>;

export function toTask(row: TaskRow): Task {
  return { ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

/**
 * The one answer for "no such task" and "someone else's task". A 403 would confirm that
 * the id exists and belongs to somebody (ids are guessable enough to enumerate), so both
 * cases are NOT_FOUND with the same message, and neither touches the row.
 */
export const taskNotFound = () => new AppError("NOT_FOUND", "Task not found.");

export const tasksOpenApi: { tags: string[]; protect: boolean } = {
  tags: ["tasks"],
  protect: true,
};
