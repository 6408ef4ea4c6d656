"use client";
import { deferred } from "../deferred";

/**
 * The task list and import/export: in the page's HTML at once, live once someone is there (see
 * deferred.tsx). A list the server could not fill (a due window: the viewer's days, which only
 * the browser knows) loads at once.
 */
export const TaskWorkbench = deferred(
  "task-list",
  () => import("./task-workbench"),
  <p role="status" className="py-6 text-center text-slate-600">
    Loading tasks…
  </p>,
  (props) => props.initialData === null,
);
