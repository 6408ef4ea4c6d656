import { router } from "../../trpc";
import { bulkTasks } from "./bulk-tasks";
import { createTask } from "./create-task";
import { deleteTask } from "./delete-task";
import { exportTasks } from "./export-tasks";
import { getTask } from "./get-task";
import { importTasks } from "./import-tasks";
import { listTasks } from "./list-tasks";
import { listTrash } from "./list-trash";
import { restoreTask } from "./restore-task";
import { updateTask } from "./update-task";

// Wiring only: one file per procedure beside this one.
// Order matters for REST: the adapter takes the first path that matches, so the fixed
// paths (/tasks/trash, /tasks/export) come before /tasks/{id}.
export const taskRouter = router({
  list: listTasks,
  trash: listTrash,
  export: exportTasks,
  import: importTasks,
  bulk: bulkTasks,
  get: getTask,
  create: createTask,
  update: updateTask,
  delete: deleteTask,
  restore: restoreTask,
});
