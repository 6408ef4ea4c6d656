"use client";
// Everything on /tasks that works with the data: the list with its filters and forms, and
// import/export, under their own data layer. Loaded by TaskWorkbench (tasks-page.tsx) once the
// person is there, so the page's first load is React, Next and the page's frame.
import type { Label, ListTasksOutput } from "@taskfort/api/schemas";
import type { TaskListParams } from "@/lib/task-params";
import { TRPCReactProvider } from "@/trpc/client";
import { ImportExport } from "./import-export";
import { TaskManager } from "./task-manager";

export default function TaskWorkbench(props: {
  initialParams: TaskListParams;
  initialData: ListTasksOutput | null;
  initialLabels: Label[] | null;
}) {
  return (
    <TRPCReactProvider watchSession>
      <TaskManager {...props} />
      <div className="mt-6">
        <ImportExport />
      </div>
    </TRPCReactProvider>
  );
}
