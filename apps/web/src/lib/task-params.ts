// The task list's state lives in the URL (?q=&completed=&overdue=&priority=&label=&ordering=&page=),
// so a search can be bookmarked, shared and reloaded. Parsed with the procedure's own input schema.
import "./zod-csp";
import { listTasksInput, PAGE_SIZE_DEFAULT, type TaskOrdering } from "@taskfort/api/schemas";

export interface TaskListParams {
  search?: string;
  completed?: boolean;
  overdue?: boolean;
  priority?: number;
  label?: string;
  ordering: TaskOrdering;
  page: number;
  pageSize: number;
}

const DEFAULTS: TaskListParams = { ordering: "-createdAt", page: 1, pageSize: PAGE_SIZE_DEFAULT };

type Source = { get(name: string): string | null };

export function taskParamsFrom(source: Source): TaskListParams {
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
    a.priority === b.priority &&
    a.label === b.label &&
    a.ordering === b.ordering &&
    a.page === b.page &&
    a.pageSize === b.pageSize
  );
}
