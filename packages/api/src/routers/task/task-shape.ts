// What of a task leaves the server, and how. Every task procedure selects through this,
// so a new column stays inside until it is added here and to taskOutput on purpose.
import type { Prisma, TaskRow } from "@taskfort/db";
import type { Context } from "../../context";
import { TRASH_RETENTION_DAYS, type Task, type TrashedTask } from "../../schemas/task";
import { AppError } from "../../errors";

export const taskSelect = {
  id: true,
  title: true,
  description: true,
  completed: true,
  dueAt: true,
  priority: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  labels: { select: { label: { select: { name: true } } }, orderBy: { label: { nameKey: "asc" } } },
} as const satisfies Prisma.TaskSelect;

export const trashedTaskSelect = {
  ...taskSelect,
  deletedAt: true,
} as const satisfies Prisma.TaskSelect;

type PrismaTaskRow = Prisma.TaskGetPayload<{ select: typeof taskSelect }>;
type TrashedTaskRow = Prisma.TaskGetPayload<{ select: typeof trashedTaskSelect }>;

/** A task as Prisma selects it (taskSelect) or as the SQL hot paths read it (labels as names). */
export function toTask(row: PrismaTaskRow | TaskRow): Task {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    completed: row.completed,
    dueAt: row.dueAt?.toISOString() ?? null,
    priority: row.priority,
    labels: row.labels.map((l) => (typeof l === "string" ? l : l.label.name)),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toTrashedTask(row: TrashedTaskRow): TrashedTask {
  // Only trashed rows are selected with this shape, so deletedAt is set.
  return { ...toTask(row), deletedAt: (row.deletedAt ?? new Date(0)).toISOString() };
}

/** Live tasks: the trash is invisible to every task procedure except trash/restore/permanent delete. */
export const live = { deletedAt: null } as const satisfies Prisma.TaskWhereInput;

/** Trash older than this is gone (purged, and never shown or restored even before the purge runs). */
export function trashCutoff(now: Date = new Date()): Date {
  return new Date(now.getTime() - TRASH_RETENTION_DAYS * 24 * 60 * 60 * 1000);
}

/**
 * Every single-task response carries `ETag: "<version>"` on REST, so a script can send it
 * back as If-Match. In-process callers have no response headers.
 */
export function withEtag<T extends { version: number }>(ctx: Context, task: T): T {
  ctx.resHeaders?.set("ETag", `"${task.version}"`);
  return task;
}

/**
 * The versions an If-Match header admits: `*` admits any (null), otherwise each of its
 * comma-separated entity tags that is `"<version>"` (strong comparison, RFC 9110; a weak `W/`
 * tag never matches). No header admits any version (null).
 */
export function ifMatchVersions(ifMatch: string | null): number[] | null {
  if (ifMatch === null) return null;
  const tags = ifMatch.split(",").map((tag) => tag.trim());
  if (tags.includes("*")) return null;
  return tags.flatMap((tag) => {
    const version = /^"(0|[1-9]\d{0,8})"$/.exec(tag)?.[1];
    return version === undefined ? [] : [Number(version)];
  });
}

/** Whether an If-Match header admits this version (see ifMatchVersions). */
export function ifMatchAdmits(ifMatch: string | null, version: number): boolean {
  return ifMatchVersions(ifMatch)?.includes(version) ?? true;
}

/**
 * The one answer for "no such task" and "someone else's task". A 403 would confirm that
 * the id exists and belongs to somebody (ids are guessable enough to enumerate), so both
 * cases are NOT_FOUND with the same message, and neither touches the row.
 */
export const taskNotFound = () => new AppError("NOT_FOUND", "Task not found.");

export const preconditionFailed = () =>
  new AppError(
    "PRECONDITION_FAILED",
    "The task has changed since you read it (If-Match does not match its ETag). Get it again.",
  );

export const versionConflict = () =>
  new AppError(
    "CONFLICT",
    "This task was changed elsewhere (another tab or device). Reload it, or save again to overwrite.",
  );

export const tasksOpenApi: { tags: string[]; protect: boolean } = {
  tags: ["tasks"],
  protect: true,
};
