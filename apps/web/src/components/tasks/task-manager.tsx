"use client";
// The task list: URL-driven filters, optimistic completion with rollback, edit dialog, and
// deletes that take the row away only once the server has confirmed them.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useEffect, useId, useState } from "react";
import type { ListTasksOutput, Task, TaskOrdering } from "@taskfort/api/schemas";
import { describeError, formatTime } from "@/lib/errors";
import { sameParams, taskParamsFrom, type TaskListParams } from "@/lib/task-params";
import { useDebounced } from "@/lib/use-debounced";
import { useTRPC } from "@/trpc/client";
import { ConfirmDialog } from "../dialog";
import { Button, ErrorNotice, focusRing, Pagination } from "../ui";
import { CreateTaskForm } from "./create-task-form";
import { EditTaskDialog } from "./edit-task-dialog";

const orderings: { value: TaskOrdering; label: string }[] = [
  { value: "-createdAt", label: "Newest first" },
  { value: "createdAt", label: "Oldest first" },
  { value: "title", label: "Title A–Z" },
  { value: "-title", label: "Title Z–A" },
];

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
}: {
  initialParams: TaskListParams;
  initialData: ListTasksOutput | null;
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

  const list = useQuery({
    ...trpc.task.list.queryOptions(params),
    placeholderData: keepPreviousData,
    initialData: initialData && sameParams(params, initialParams) ? initialData : undefined,
  });

  const [notice, setNotice] = useState<{ text: string; error: unknown } | null>(null);
  const [editing, setEditing] = useState<Task | null>(null);
  const [deleting, setDeleting] = useState<Task | null>(null);

  const listKey = trpc.task.list.pathKey();
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

  const remove = useMutation(
    trpc.task.delete.mutationOptions({
      onSuccess: (_result, { id }) => {
        // Gone from the screen only now that the server has confirmed it.
        queryClient.setQueriesData<ListTasksOutput>({ queryKey: listKey }, (old) =>
          old
            ? {
                ...old,
                items: old.items.filter((t) => t.id !== id),
                total: Math.max(0, old.total - 1),
              }
            : old,
        );
        setNotice({ text: `Task “${deleting?.title ?? ""}” deleted.`, error: null });
        setDeleting(null);
        const data = list.data;
        if (data && data.items.length === 1 && params.page > 1)
          writeParams({ page: String(params.page - 1) }, "replace");
        void queryClient.invalidateQueries({ queryKey: listKey });
      },
    }),
  );

  const data = list.data;
  const filtered = params.search !== undefined || params.completed !== undefined;

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
        <div className="mb-4 grid gap-3 sm:grid-cols-3">
          <div>
            <label htmlFor={`${ids}-search`} className="mb-1 block text-sm font-medium">
              Search
            </label>
            <input
              id={`${ids}-search`}
              type="search"
              value={searchText}
              maxLength={200}
              onChange={(e) => setSearchText(e.target.value)}
              placeholder="Title or description"
              className={`block w-full rounded-md border border-slate-400 px-3 py-2 ${focusRing}`}
            />
          </div>
          <div>
            <label htmlFor={`${ids}-completed`} className="mb-1 block text-sm font-medium">
              Show
            </label>
            <select
              id={`${ids}-completed`}
              value={params.completed === undefined ? "" : String(params.completed)}
              onChange={(e) => writeParams({ completed: e.target.value, page: undefined }, "push")}
              className={`block w-full rounded-md border border-slate-400 bg-white px-3 py-2 ${focusRing}`}
            >
              <option value="">All tasks</option>
              <option value="false">Open tasks</option>
              <option value="true">Completed tasks</option>
            </select>
          </div>
          <div>
            <label htmlFor={`${ids}-ordering`} className="mb-1 block text-sm font-medium">
              Order
            </label>
            <select
              id={`${ids}-ordering`}
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
              className={`block w-full rounded-md border border-slate-400 bg-white px-3 py-2 ${focusRing}`}
            >
              {orderings.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
        </div>

        <div aria-live="polite" className="mb-2 text-sm" data-testid="task-notice">
          {notice && !notice.error && (
            <p className="rounded-md bg-green-50 p-2 text-green-900">{notice.text}</p>
          )}
        </div>
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
          <ul
            aria-label="Tasks"
            aria-busy={list.isFetching}
            className="divide-y divide-slate-200"
            data-testid="task-list"
          >
            {data.items.map((task) => (
              <li
                key={task.id}
                className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start"
                data-testid="task-row"
                data-task-id={task.id}
              >
                <div className="flex min-w-0 flex-1 items-start gap-3">
                  <input
                    id={`${ids}-done-${task.id}`}
                    type="checkbox"
                    checked={pendingDone[task.id] ?? task.completed}
                    onChange={(e) => {
                      const completed = e.target.checked;
                      setPendingDone((p) => ({ ...p, [task.id]: completed }));
                      toggle.mutate({ id: task.id, data: { completed } });
                    }}
                    className={`mt-1 size-5 shrink-0 accent-blue-700 ${focusRing}`}
                  />
                  <div className="min-w-0">
                    <label
                      htmlFor={`${ids}-done-${task.id}`}
                      className={`block font-medium break-words ${(pendingDone[task.id] ?? task.completed) ? "text-slate-500 line-through" : ""}`}
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
                    <p className="mt-1 text-xs text-slate-600">
                      Created {formatTime(task.createdAt)}
                    </p>
                  </div>
                </div>
                <div className="flex shrink-0 gap-2 pl-8 sm:pl-0">
                  <Button
                    variant="secondary"
                    onClick={() => setEditing(task)}
                    aria-label={`Edit “${task.title}”`}
                  >
                    Edit
                  </Button>
                  <Button
                    variant="secondary"
                    onClick={() => {
                      remove.reset();
                      setDeleting(task);
                    }}
                    aria-label={`Delete “${task.title}”`}
                  >
                    Delete
                  </Button>
                </div>
              </li>
            ))}
          </ul>
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
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this task?"
        message={
          <p>
            “<span className="break-words">{deleting?.title}</span>” will be deleted for good.
          </p>
        }
        confirmLabel="Delete task"
        pending={remove.isPending}
        error={
          remove.error && describeError(remove.error).code !== "UNAUTHORIZED" ? remove.error : null
        }
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
        onCancel={() => setDeleting(null)}
      />
    </>
  );
}
