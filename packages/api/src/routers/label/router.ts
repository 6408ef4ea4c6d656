import { router } from "../../trpc";
import { deleteLabel } from "./delete-label";
import { listLabels } from "./list-labels";

// Wiring only: one file per procedure beside this one.
export const labelRouter = router({
  list: listLabels,
  delete: deleteLabel,
});
