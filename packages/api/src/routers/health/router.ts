import { router } from "../../trpc";
import { ping } from "./ping";

// Wiring only: one file per procedure beside this one.
export const healthRouter = router({ ping });
