import type { Metadata } from "next";
import { AppFrame } from "@/components/app-frame";
import { TaskWorkbench } from "@/components/tasks/tasks-page";
import { requireUser } from "@/lib/require-user";
import { fromRecord, listInputFor, taskParamsFrom } from "@/lib/task-params";
import { getServerCaller } from "@/trpc/server";

export const metadata: Metadata = { title: "Tasks · Taskfort" };

export default async function TasksPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = await searchParams;
  const query = new URLSearchParams(
    Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === "string"),
  ).toString();
  // Signed out: back to this very list (search, filter, page) after signing in.
  const user = await requireUser(`/tasks${query ? `?${query}` : ""}`);
  const params = taskParamsFrom(fromRecord(raw));
  // The first page comes with the HTML; a failure here (e.g. throttled) is left to the client, which shows it.
  // Not for the due filters: their days are the viewer's, whose time zone only the browser knows.
  const input = listInputFor(params, null);
  // The labels too (the label filter's options): the list then goes live without a request.
  const caller = await getServerCaller();
  const [initialData, initialLabels] = await Promise.all([
    input ? caller.task.list(input).catch(() => null) : null,
    caller.label.list().catch(() => null),
  ]);
  return (
    // The frame without the data layer: the workbench brings its own, loaded with it.
    <AppFrame user={user} current="/tasks">
      <h1 className="mb-4 text-2xl font-semibold">Your tasks</h1>
      <TaskWorkbench
        initialParams={params}
        initialData={initialData}
        initialLabels={initialLabels}
      />
    </AppFrame>
  );
}
