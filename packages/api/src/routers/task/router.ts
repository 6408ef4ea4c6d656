import { router } from "../../trpc";
import { createTask } from "./create-task";
import { deleteTask } from "./delete-task";
import { getTask } from "./get-task";
import { listTasks } from "./list-tasks";
import { updateTask } from "./update-task";

// Wiring only: one file per procedure beside this one.
export const taskRouter = router({
  list: listTasks,
  get: getTask,
  create: createTask,
  update: updateTask,
  delete: deleteTask,
});
