import { router } from "./trpc";
import { adminRouter } from "./routers/admin/router";
import { authRouter } from "./routers/auth/router";
import { tokenRouter } from "./routers/token/router";
import { taskRouter } from "./routers/task/router";

export const appRouter = router({
  task: taskRouter,
  auth: authRouter,
  token: tokenRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;
