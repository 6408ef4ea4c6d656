// The task list's state lives in the URL (?q=&completed=&overdue=&due=&priority=&label=&ordering=&page=),
// so a search can be bookmarked, shared and reloaded. Parsed with the procedure's own input schema.
import {
  listTasksInput,
  PAGE_SIZE_DEFAULT,
  type ListTasksInput,
  type TaskOrdering,
} from "@taskfort/api/schemas";
import { dueWindow, DUE_WINDOWS, type DueWindow } from "./due";

export interface TaskListParams {
  search?: string;
  completed?: boolean;
  overdue?: boolean;
  /** Due today / in the next 7 days, in the viewer's time zone: becomes dueAfter/dueBefore on the client. */
  due?: DueWindow;
  priority?: number;
  label?: string;
  ordering: TaskOrdering;
  page: number;
  pageSize: number;
}

const DEFAULTS: TaskListParams = { ordering: "-createdAt", page: 1, pageSize: PAGE_SIZE_DEFAULT };

type Source = { get(name: string): string | null };

function dueFrom(source: Source): DueWindow | undefined {
  const due = source.get("due");
  return DUE_WINDOWS.find((w) => w === due);
}

export function taskParamsFrom(source: Source): TaskListParams {
  const due = dueFrom(source);
  const raw = {
    search: source.get("q") || undefined,
    completed: (source.get("completed") as "true" | "false" | null) ?? undefined,
    overdue: source.get("overdue") === "true" ? true : undefined,
    priority: source.get("priority") ?? undefined,
    label: source.get("label") || undefined,
    ordering: source.get("ordering") ?? undefined,
    page: source.get("page") ?? undefined,
    pageSize: PAGE_SIZE_DEFAULT,
  };
  const parsed = listTasksInput.safeParse(raw);
  if (!parsed.success) return DEFAULTS;
  const { search, completed, overdue, priority, label, ordering, page, pageSize } = parsed.data;
  return {
    ...(search ? { search } : {}),
    ...(completed === undefined ? {} : { completed }),
    ...(overdue ? { overdue } : {}),
    ...(due ? { due } : {}),
    ...(priority === undefined ? {} : { priority }),
    ...(label ? { label } : {}),
    ordering,
    page,
    pageSize,
  };
}

export function fromRecord(record: Record<string, string | string[] | undefined>): Source {
  return { get: (name) => (typeof record[name] === "string" ? record[name] : null) };
}

export function sameParams(a: TaskListParams, b: TaskListParams): boolean {
  return (
    a.search === b.search &&
    a.completed === b.completed &&
    a.overdue === b.overdue &&
    a.due === b.due &&
    a.priority === b.priority &&
    a.label === b.label &&
    a.ordering === b.ordering &&
    a.page === b.page &&
    a.pageSize === b.pageSize
  );
}

/**
 * The list procedure's input for these params at `now`: a due window becomes dueAfter/dueBefore
 * at the viewer's local midnights (the server cannot know the viewer's time zone). Null when
 * the window needs a clock that is not known yet (server rendering, hydration).
 */
export function listInputFor(params: TaskListParams, now: Date | null): ListTasksInput | null {
  const { due, ...rest } = params;
  if (!due) return rest;
  if (!now) return null;
  const { after, before } = dueWindow(due, now);
  return { ...rest, dueAfter: after.toISOString(), dueBefore: before.toISOString() };
}
