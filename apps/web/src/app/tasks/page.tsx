import type { Metadata } from "next";
import { AppShell } from "@/components/app-shell";
import { TaskManager } from "@/components/tasks/task-manager";
import { requireUser } from "@/lib/require-user";
import { fromRecord, taskParamsFrom } from "@/lib/task-params";
import { getServerCaller } from "@/trpc/server";

export const metadata: Metadata = { title: "Tasks · Taskfort" };

export default async function TasksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("/tasks");
  const params = taskParamsFrom(fromRecord(await searchParams));
  // The first page comes with the HTML; a failure here (e.g. throttled) is left to the client, which shows it.
  const initialData = await (await getServerCaller()).task.list(params).catch(() => null);
  return (
    <AppShell user={user} current="/tasks">
      <h1 className="mb-4 text-2xl font-semibold">Your tasks</h1>
      <TaskManager initialParams={params} initialData={initialData} />
    </AppShell>
  );
}
