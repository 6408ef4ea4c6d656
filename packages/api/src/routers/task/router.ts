import { router } from "../../trpc";

// Wiring only: one file per procedure beside this one.
export const taskRouter = router({});
