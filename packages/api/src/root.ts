import { router } from "./trpc";
import { adminRouter } from "./routers/admin/router";
import { authRouter } from "./routers/auth/router";
import { tokenRouter } from "./routers/token/router";
import { healthRouter } from "./routers/health/router";
import { taskRouter } from "./routers/task/router";
import { twoFactorRouter } from "./routers/two-factor/router";
import { passkeyRouter } from "./routers/passkey/router";

export const appRouter = router({
  health: healthRouter,
  task: taskRouter,
  auth: authRouter,
  token: tokenRouter,
  admin: adminRouter,
  twoFactor: twoFactorRouter,
  passkey: passkeyRouter,
});

export type AppRouter = typeof appRouter;
