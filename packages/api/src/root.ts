import { router } from "./trpc";
import { accountRouter } from "./routers/account/router";
import { adminRouter } from "./routers/admin/router";
import { authRouter } from "./routers/auth/router";
import { tokenRouter } from "./routers/token/router";
import { healthRouter } from "./routers/health/router";
import { labelRouter } from "./routers/label/router";
import { taskRouter } from "./routers/task/router";
import { twoFactorRouter } from "./routers/two-factor/router";
import { passkeyRouter } from "./routers/passkey/router";

export const appRouter = router({
  health: healthRouter,
  task: taskRouter,
  label: labelRouter,
  auth: authRouter,
  token: tokenRouter,
  admin: adminRouter,
  account: accountRouter,
  twoFactor: twoFactorRouter,
  passkey: passkeyRouter,
});

export type AppRouter = typeof appRouter;
