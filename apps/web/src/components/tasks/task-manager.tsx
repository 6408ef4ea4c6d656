"use client";
// The task list: URL-driven filters, optimistic completion with rollback, edit dialog, and
// deletes that take the row away only once the server has confirmed them.
import {
  keepPreviousData,
  skipToken,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import type { Label, ListTasksOutput, Task, TaskOrdering } from "@taskfort/api/schemas";
import { relativeDue } from "@/lib/due";
import { formatTime, humanWait, throttledFor } from "@/lib/errors";
import { listInputFor, sameParams, taskParamsFrom, type TaskListParams } from "@/lib/task-params";
import { useDebounced } from "@/lib/use-debounced";
import { useNow } from "@/lib/use-now";
import { useTRPC } from "@/trpc/client";
import { LocalTime } from "../local-time";
import { useViewerClock } from "../viewer-clock";
import {
  Button,
  ErrorNotice,
  focusRing,
  MenuButton,
  Pagination,
  SearchField,
  Select,
  Toast,
} from "../ui";
import { CreateTaskForm } from "./create-task-form";
import { EditTaskDialog } from "./edit-task-dialog";
import { PriorityBadge, PriorityOptions } from "./priority";
import { ShortcutsDialog, ShortcutsHint, useTaskShortcuts } from "./shortcuts";

const orderings: { value: TaskOrdering; label: string }[] = [
  { value: "-createdAt", label: "Newest first" },
  { value: "createdAt", label: "Oldest first" },
  { value: "title", label: "Title A–Z" },
  { value: "-title", label: "Title Z–A" },
  { value: "dueAt", label: "Due soonest" },
  { value: "-dueAt", label: "Due latest" },
  { value: "-priority", label: "Priority high–low" },
  { value: "priority", label: "Priority low–high" },
];

/** The "Show" filter: completion, or a due window (overdue is the server's; today/upcoming the viewer's days). */
const SHOW_OPTIONS = [
  { value: "", label: "All tasks", params: {} },
  { value: "false", label: "Open tasks", params: { completed: "false" } },
  { value: "true", label: "Completed tasks", params: { completed: "true" } },
  { value: "overdue", label: "Overdue tasks", params: { overdue: "true" } },
  { value: "today", label: "Due today", params: { due: "today" } },
  { value: "upcoming", label: "Upcoming (next 7 days)", params: { due: "upcoming" } },
] as const satisfies readonly { value: string; label: string; params: Record<string, string> }[];

function showValue(params: TaskListParams): string {
  if (params.overdue) return "overdue";
  if (params.due) return params.due;
  return params.completed === undefined ? "" : String(params.completed);
}

/** Dots, drawn: the row's actions button shows only this (its name says what it is). */
function MoreIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" className="size-5" fill="currentColor">
      <circle cx="4" cy="10" r="1.75" />
      <circle cx="10" cy="10" r="1.75" />
      <circle cx="16" cy="10" r="1.75" />
    </svg>
  );
}

function taskRow(id: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-testid="task-row"][data-task-id="${id}"]`);
}

/** Writes the list state into the URL without a server round trip (Next keeps useSearchParams in sync). */
function writeParams(changes: Record<string, string | undefined>, mode: "push" | "replace") {
  const params = new URLSearchParams(window.location.search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === "") params.delete(key);
    else params.set(key, value);
  }
  const query = params.toString();
  const url = `${window.location.pathname}${query ? `?${query}` : ""}`;
  if (mode === "push") window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
}

export function TaskManager({
  initialParams,
  initialData,
  initialLabels,
}: {
  initialParams: TaskListParams;
  initialData: ListTasksOutput | null;
  initialLabels: Label[] | null;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const params = taskParamsFrom(useSearchParams());
  const ids = useId();

  const [searchText, setSearchText] = useState(params.search ?? "");
  const debouncedSearch = useDebounced(searchText.trim(), 350);
  // Back/forward moved the URL's search: show it in the box (React's "adjust state while rendering").
  const urlSearch = params.search ?? "";
  const [lastUrlSearch, setLastUrlSearch] = useState(urlSearch);
  if (urlSearch !== lastUrlSearch) {
    setLastUrlSearch(urlSearch);
    if (urlSearch !== debouncedSearch) setSearchText(urlSearch);
  }
  useEffect(() => {
    if ((debouncedSearch || undefined) !== params.search)
      writeParams({ q: debouncedSearch, page: undefined }, "replace");
    // Only a change of the typed text moves the URL; the URL moving (back button) must not echo back.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debouncedSearch]);

  const now = useNow();
  const clock = useViewerClock();
  // A due window waits for the browser's clock (null while hydrating): its days are the viewer's.
  const input = listInputFor(params, now);
  const list = useQuery({
    ...trpc.task.list.queryOptions(input ?? skipToken),
    placeholderData: keepPreviousData,
    initialData: initialData && sameParams(params, initialParams) ? initialData : undefined,
  });

  const [notice, setNotice] = useState<{ text: string; error: unknown } | null>(null);
  const [editing, setEditing] = useState<Task | null>(null);
  const [trashed, setTrashed] = useState<Task | null>(null);
  const labels = useQuery({
    ...trpc.label.list.queryOptions(),
    initialData: initialLabels ?? undefined,
  });

  const listKey = trpc.task.list.pathKey();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [activeId, setActiveId] = useState<string | null>(null);
  const [showShortcuts, setShowShortcuts] = useState(false);
  const [bulkTrashed, setBulkTrashed] = useState<string[]>([]);
  const listRef = useRef<HTMLUListElement>(null);
  const bulk = useMutation(
    trpc.task.bulk.mutationOptions({
      onSuccess: (result, { action, ids: changed }) => {
        const n = result.updated;
        const noun = n === 1 ? "task" : "tasks";
        const verb = { complete: "completed", reopen: "reopened", delete: "moved to the trash" }[
          action
        ];
        setTrashed(null);
        setBulkTrashed(
          action === "delete" ? changed.filter((id) => !result.notFound.includes(id)) : [],
        );
        setNotice({ text: `${n} ${noun} ${verb}.`, error: null });
        setSelected(new Set());
        void queryClient.invalidateQueries({ queryKey: listKey });
      },
      onError: (error) => setNotice({ text: "The selected tasks were not changed.", error }),
    }),
  );
  // The box flips in the same event as the click (a controlled checkbox would otherwise snap back
  // until onMutate, which React Query runs asynchronously, has updated the cache).
  const [pendingDone, setPendingDone] = useState<Record<string, boolean>>({});
  const toggle = useMutation(
    trpc.task.update.mutationOptions({
      onMutate: async ({ id, data }) => {
        setNotice(null);
        await queryClient.cancelQueries({ queryKey: listKey });
        const snapshot = queryClient.getQueriesData<ListTasksOutput>({ queryKey: listKey });
        queryClient.setQueriesData<ListTasksOutput>({ queryKey: listKey }, (old) =>
          old
            ? {
                ...old,
                items: old.items.map((t) =>
                  t.id === id ? { ...t, completed: data.completed ?? t.completed } : t,
                ),
              }
            : old,
        );
        return { snapshot };
      },
      onError: (error, { id }, context) => {
        // Roll back to what the server last said, and say so.
        for (const [key, data] of context?.snapshot ?? []) queryClient.setQueryData(key, data);
        const title =
          context?.snapshot.flatMap(([, d]) => d?.items ?? []).find((t) => t.id === id)?.title ??
          "the task";
        setNotice({ text: `Could not change “${title}”; it is back as it was.`, error });
      },
      onSettled: (_data, _error, { id }) => {
        setPendingDone(({ [id]: _settled, ...rest }) => rest);
        return queryClient.invalidateQueries({ queryKey: listKey });
      },
    }),
  );

  // Delete moves the task to the trash at once; the notice offers Undo (restore).
  const remove = useMutation(
    trpc.task.delete.mutationOptions({
      // Where focus goes once the row is gone: the row after it (or before, if it was last), but
      // only when focus was on that row (or its actions button); otherwise it stays put.
      onMutate: ({ id }) => {
        const rows = list.data?.items ?? [];
        const index = rows.findIndex((t) => t.id === id);
        const hadFocus = taskRow(id)?.contains(document.activeElement) ?? false;
        return { focusNext: hadFocus ? (rows[index + 1] ?? rows[index - 1])?.id : undefined };
      },
      onSuccess: (_result, { id }, context) => {
        const task = list.data?.items.find((t) => t.id === id) ?? null;
        queryClient.setQueriesData<ListTasksOutput>({ queryKey: listKey }, (old) =>
          old
            ? {
                ...old,
                items: old.items.filter((t) => t.id !== id),
                total: Math.max(0, old.total - 1),
              }
            : old,
        );
        setTrashed(task);
        setNotice({ text: `Task “${task?.title ?? ""}” moved to the trash.`, error: null });
        const next = context.focusNext;
        if (next) setTimeout(() => taskRow(next)?.focus());
        const data = list.data;
        if (data && data.items.length === 1 && params.page > 1)
          writeParams({ page: String(params.page - 1) }, "replace");
        void queryClient.invalidateQueries({ queryKey: listKey });
      },
      onError: (error) => setNotice({ text: "The task was not deleted.", error }),
    }),
  );
  const restore = useMutation(
    trpc.task.restore.mutationOptions({
      onSuccess: (task) => {
        setTrashed(null);
        setNotice({ text: `Task “${task.title}” restored.`, error: null });
        void queryClient.invalidateQueries({ queryKey: listKey });
      },
      onError: (error) => setNotice({ text: "The task could not be restored.", error }),
    }),
  );

  const data = list.data;
  const items = data?.items ?? [];
  const active = items.find((t) => t.id === activeId) ?? null;
  const toggleSelected = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  function move(step: 1 | -1) {
    if (!items.length) return;
    const index = items.findIndex((t) => t.id === activeId);
    const next = items[Math.min(items.length - 1, Math.max(0, index === -1 ? 0 : index + step))];
    if (!next) return;
    setActiveId(next.id);
    taskRow(next.id)?.focus();
  }
  const allSelected = items.length > 0 && items.every((t) => selected.has(t.id));
  useTaskShortcuts({
    onNew: () => document.getElementById("new-task-title")?.focus(),
    onSearch: () => document.getElementById(`${ids}-search`)?.focus(),
    onNext: () => move(1),
    onPrevious: () => move(-1),
    onSelect: () => active && toggleSelected(active.id),
    onComplete: () => {
      if (!active) return;
      const completed = !(pendingDone[active.id] ?? active.completed);
      setPendingDone((p) => ({ ...p, [active.id]: completed }));
      toggle.mutate({ id: active.id, data: { completed } });
    },
    onEdit: () => active && setEditing(active),
    onDelete: () => active && remove.mutate({ id: active.id }),
    onHelp: () => setShowShortcuts(true),
  });
  const throttledWait = throttledFor(list.failureReason);
  const filtered =
    params.search !== undefined ||
    params.completed !== undefined ||
    params.overdue !== undefined ||
    params.due !== undefined ||
    params.priority !== undefined ||
    params.label !== undefined;
  const show = showValue(params);

  return (
    <>
      <CreateTaskForm />

      <section
        aria-labelledby={`${ids}-list`}
        className="rounded-lg border border-slate-200 bg-white p-4"
      >
        <h2 id={`${ids}-list`} className="sr-only">
          Task list
        </h2>
        {/* Two filters a line on a phone (search on its own), so the first task shows without scrolling. */}
        <div className="mb-4 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
          <SearchField
            id={`${ids}-search`}
            label="Search"
            className="col-span-2 sm:col-span-1"
            value={searchText}
            maxLength={200}
            onChange={(e) => setSearchText(e.target.value)}
            placeholder="Title or description"
          />
          <Select
            id={`${ids}-completed`}
            label="Show"
            value={show}
            onChange={(e) => {
              const option = SHOW_OPTIONS.find((o) => o.value === e.target.value);
              writeParams(
                {
                  completed: undefined,
                  overdue: undefined,
                  due: undefined,
                  page: undefined,
                  ...option?.params,
                },
                "push",
              );
            }}
          >
            {SHOW_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
          <Select
            id={`${ids}-priority`}
            label="Priority"
            value={params.priority === undefined ? "" : String(params.priority)}
            onChange={(e) => writeParams({ priority: e.target.value, page: undefined }, "push")}
          >
            <option value="">Any priority</option>
            <PriorityOptions />
          </Select>
          <Select
            id={`${ids}-label`}
            label="Label"
            value={params.label ?? ""}
            onChange={(e) => writeParams({ label: e.target.value, page: undefined }, "push")}
          >
            <option value="">Any label</option>
            {params.label &&
              !labels.data?.some((l) => l.name.toLowerCase() === params.label?.toLowerCase()) && (
                <option value={params.label}>{params.label}</option>
              )}
            {labels.data?.map((l) => (
              <option key={l.id} value={l.name}>
                {l.name} ({l.taskCount})
              </option>
            ))}
          </Select>
          <Select
            id={`${ids}-ordering`}
            label="Order"
            value={params.ordering}
            onChange={(e) =>
              writeParams(
                {
                  ordering: e.target.value === "-createdAt" ? undefined : e.target.value,
                  page: undefined,
                },
                "push",
              )
            }
          >
            {orderings.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
        </div>

        {throttledWait !== null && (
          <p role="status" className="mb-2 rounded-md bg-amber-50 p-2 text-sm text-amber-950">
            The server asked us to slow down. Trying again by itself in {humanWait(throttledWait)}.
          </p>
        )}
        {selected.size > 0 && (
          <div
            role="toolbar"
            aria-label="Selected tasks"
            className="mb-3 flex flex-wrap items-center gap-2 rounded-md border border-slate-300 bg-slate-100 p-2 text-sm"
            data-testid="bulk-bar"
          >
            <span className="mr-2 font-medium">{selected.size} selected</span>
            {(["complete", "reopen", "delete"] as const).map((action) => (
              <Button
                key={action}
                variant="secondary"
                disabled={bulk.isPending}
                onClick={() => bulk.mutate({ ids: [...selected], action })}
              >
                {{ complete: "Complete", reopen: "Reopen", delete: "Delete" }[action]}
              </Button>
            ))}
            <Button variant="secondary" onClick={() => setSelected(new Set())}>
              Clear selection
            </Button>
          </div>
        )}
        <Toast
          testId="task-notice"
          message={notice && !notice.error ? notice.text : null}
          actions={
            <>
              {trashed && (
                <Button
                  variant="secondary"
                  disabled={restore.isPending}
                  onClick={() => restore.mutate({ id: trashed.id })}
                >
                  Undo
                </Button>
              )}
              {bulkTrashed.length > 0 && (
                <Button
                  variant="secondary"
                  disabled={restore.isPending}
                  onClick={() => {
                    const ids = bulkTrashed;
                    setBulkTrashed([]);
                    void Promise.all(ids.map((id) => restore.mutateAsync({ id }))).then(() =>
                      setNotice({ text: `${ids.length} tasks restored.`, error: null }),
                    );
                  }}
                >
                  Undo
                </Button>
              )}
            </>
          }
        />
        {notice?.error ? (
          <div className="mb-3">
            <ErrorNotice error={notice.error} title={notice.text} />
          </div>
        ) : null}

        {list.isPending && (
          <p role="status" className="py-6 text-center text-slate-600">
            Loading tasks…
          </p>
        )}
        {list.isError && !data && (
          <ErrorNotice error={list.error} title="Your tasks could not be loaded.">
            <Button variant="secondary" className="mt-2" onClick={() => void list.refetch()}>
              Try again
            </Button>
          </ErrorNotice>
        )}
        {data && data.items.length === 0 && (
          <p className="py-6 text-center text-slate-600" data-testid="tasks-empty">
            {data.total > 0
              ? "Nothing on this page."
              : filtered
                ? "No tasks match this search or filter."
                : "No tasks yet. Add your first one above."}
          </p>
        )}
        {data && data.items.length > 0 && (
          <>
            {/* The selection column's header: square boxes pick tasks for the bulk bar; the
                round ones on each row mark a task done. */}
            <div className="border-b border-slate-200 py-2 pl-1">
              <label className="flex w-fit items-center gap-3 text-sm text-slate-700">
                <input
                  type="checkbox"
                  checked={allSelected}
                  onChange={() =>
                    setSelected(allSelected ? new Set() : new Set(items.map((t) => t.id)))
                  }
                  className={`size-4 shrink-0 rounded-sm accent-slate-700 ${focusRing}`}
                  data-testid="select-all"
                />
                Select all on this page
              </label>
            </div>
            <ul
              ref={listRef}
              aria-label="Tasks"
              aria-busy={list.isFetching}
              className="divide-y divide-slate-200"
              data-testid="task-list"
            >
              {data.items.map((task) => {
                const done = pendingDone[task.id] ?? task.completed;
                const isSelected = selected.has(task.id);
                return (
                  <li
                    key={task.id}
                    tabIndex={-1}
                    onFocus={() => setActiveId(task.id)}
                    aria-current={activeId === task.id ? "true" : undefined}
                    className={`flex items-start gap-3 py-3 pl-1 ${isSelected ? "bg-slate-100" : activeId === task.id ? "bg-blue-50/60 dark:bg-slate-800" : ""} ${focusRing}`}
                    data-testid="task-row"
                    data-task-id={task.id}
                  >
                    <input
                      type="checkbox"
                      aria-label={`Select “${task.title}” for bulk actions`}
                      title="Select for bulk actions"
                      checked={isSelected}
                      onChange={() => toggleSelected(task.id)}
                      className={`mt-1 size-4 shrink-0 rounded-sm accent-slate-700 ${focusRing}`}
                      data-testid="task-select"
                    />
                    {/* Completion: a round check, unlike the square selection box beside it. */}
                    <span className="relative mt-0.5 inline-flex size-6 shrink-0">
                      <input
                        id={`${ids}-done-${task.id}`}
                        type="checkbox"
                        title={done ? "Done: click to reopen" : "Mark as done"}
                        checked={done}
                        onChange={(e) => {
                          const completed = e.target.checked;
                          setPendingDone((p) => ({ ...p, [task.id]: completed }));
                          toggle.mutate({ id: task.id, data: { completed } });
                        }}
                        className={`peer size-6 cursor-pointer appearance-none rounded-full border-2 border-slate-500 bg-white checked:border-green-700 checked:bg-green-700 ${focusRing}`}
                        data-testid="task-done"
                      />
                      <svg
                        aria-hidden="true"
                        viewBox="0 0 16 16"
                        className="pointer-events-none absolute inset-0 m-auto size-3.5 text-white opacity-0 peer-checked:opacity-100"
                        fill="none"
                        stroke="currentColor"
                        strokeWidth="2.5"
                        strokeLinecap="round"
                        strokeLinejoin="round"
                      >
                        <path d="M3 8.5l3.2 3L13 4.5" />
                      </svg>
                    </span>
                    <div className="min-w-0 flex-1">
                      <label
                        htmlFor={`${ids}-done-${task.id}`}
                        className={`block font-medium break-words ${done ? "text-slate-500 line-through" : ""}`}
                      >
                        <span className="sr-only">Completed: </span>
                        {task.title}
                      </label>
                      {task.description && (
                        <p
                          className="mt-1 text-sm whitespace-pre-wrap break-words text-slate-700"
                          data-testid="task-description"
                        >
                          {task.description}
                        </p>
                      )}
                      <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-600">
                        {task.dueAt && (
                          <span data-testid="task-due">
                            {clock ? (
                              (() => {
                                const due = relativeDue(task.dueAt, {
                                  ...clock,
                                  completed: task.completed,
                                });
                                return (
                                  // "Due 3 days overdue" said it twice: an overdue date speaks for itself.
                                  <span className={due.overdue ? "font-semibold text-red-700" : ""}>
                                    {due.overdue
                                      ? `${due.text[0]?.toUpperCase() ?? ""}${due.text.slice(1)}`
                                      : `Due ${due.text}`}
                                  </span>
                                );
                              })()
                            ) : (
                              <>Due {formatTime(task.dueAt)}</>
                            )}
                          </span>
                        )}
                        <PriorityBadge priority={task.priority} />
                        {task.labels.map((label) => (
                          <span
                            key={label}
                            className="rounded-full border border-slate-300 px-2 py-0.5 text-slate-700"
                            data-testid="task-label"
                          >
                            {label}
                          </span>
                        ))}
                        <span>
                          Created <LocalTime iso={task.createdAt} />
                        </span>
                      </p>
                    </div>
                    <MenuButton
                      label={<MoreIcon />}
                      accessibleName={`Actions for “${task.title}”`}
                      testId="task-actions"
                      items={[
                        { label: "Edit", onSelect: () => setEditing(task) },
                        {
                          label: isSelected ? "Unselect" : "Select for bulk actions",
                          onSelect: () => toggleSelected(task.id),
                        },
                        {
                          label: "Move to trash",
                          danger: true,
                          disabled: remove.isPending,
                          onSelect: () => remove.mutate({ id: task.id }),
                        },
                      ]}
                    />
                  </li>
                );
              })}
            </ul>
          </>
        )}
        {list.isError && data && (
          <ErrorNotice error={list.error} title="The list could not be refreshed." />
        )}
        {data && data.total > 0 && (
          <Pagination
            page={params.page}
            totalPages={data.totalPages}
            total={data.total}
            noun="tasks"
            onPage={(page) => writeParams({ page: page === 1 ? undefined : String(page) }, "push")}
          />
        )}
      </section>

      {editing && <EditTaskDialog task={editing} onClose={() => setEditing(null)} />}
      <ShortcutsDialog open={showShortcuts} onClose={() => setShowShortcuts(false)} />
      <ShortcutsHint />
    </>
  );
}
