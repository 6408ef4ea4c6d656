"use client";
// The trash: deleted tasks for 30 days, each restorable or deletable for good.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { TRASH_RETENTION_DAYS } from "@taskfort/api/schemas";
import { useTRPC } from "@/trpc/client";
import { LocalTime } from "../local-time";
import { Button, ErrorNotice, Toast } from "../ui";

export function TrashManager() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const trash = useQuery(trpc.task.trash.queryOptions({ pageSize: 100 }));
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.task.trash.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.task.list.pathKey() });
  };
  const restore = useMutation(
    trpc.task.restore.mutationOptions({
      onSuccess: (task) => {
        setNotice(`Task “${task.title}” restored to your list.`);
        refresh();
      },
    }),
  );
  const purge = useMutation(
    trpc.task.delete.mutationOptions({
      onSuccess: () => {
        setNotice("Task deleted for good.");
        refresh();
      },
    }),
  );
  const error = restore.error ?? purge.error;

  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4" aria-label="Trash">
      <p className="mb-3 text-sm text-slate-700">
        Deleted tasks stay here for {TRASH_RETENTION_DAYS} days, then they are gone for good.
      </p>
      <Toast message={notice} testId="trash-notice" />
      <ErrorNotice error={error} title="That did not work." />
      {trash.isPending && <p className="py-6 text-center text-slate-600">Loading the trash…</p>}
      {trash.isError && <ErrorNotice error={trash.error} title="The trash could not be loaded." />}
      {trash.data && trash.data.items.length === 0 && (
        <p className="py-6 text-center text-slate-600" data-testid="trash-empty">
          The trash is empty.
        </p>
      )}
      {trash.data && trash.data.items.length > 0 && (
        <ul
          aria-label="Deleted tasks"
          className="divide-y divide-slate-200"
          data-testid="trash-list"
        >
          {trash.data.items.map((task) => (
            <li
              key={task.id}
              className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center"
              data-testid="trash-row"
            >
              <div className="min-w-0 flex-1">
                <p className="font-medium break-words">{task.title}</p>
                <p className="text-xs text-slate-600">
                  Deleted <LocalTime iso={task.deletedAt} />
                </p>
              </div>
              <div className="flex gap-2">
                <Button
                  variant="secondary"
                  disabled={restore.isPending}
                  onClick={() => restore.mutate({ id: task.id })}
                  aria-label={`Restore “${task.title}”`}
                >
                  Restore
                </Button>
                <Button
                  variant="secondary"
                  disabled={purge.isPending}
                  onClick={() => purge.mutate({ id: task.id, permanent: true })}
                  aria-label={`Delete for good “${task.title}”`}
                >
                  Delete for good
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
