// Start-up checks and the operator's admin, in the Node.js runtime only (see instrumentation.ts).
// A production server missing a required setting must not come up half-configured, even when
// started without our own server (plain `next start`, or on Vercel): Next only logs a throwing
// register() and keeps serving, so this exits instead.
import { assertStartupEnv, EnvError, type Env } from "@taskfort/config/env";
import { isOwnServer } from "./server/lifecycle";

export async function start(): Promise<void> {
  let env: Env;
  try {
    env = assertStartupEnv();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  // The operator's admin (ADMIN_USERNAME/ADMIN_PASSWORD) exists from the first request on, in
  // every environment; the dev seed does the same for `npm run dev`. Never while `next build`
  // collects pages.
  if (env.NEXT_PHASE === "phase-production-build") return;
  // Under our own server (npm start, npm run dev) the server has already done the rest, with the
  // modules it loaded itself; loading Next's copies here would only cost start-up time and memory.
  if (isOwnServer()) return;
  const [{ ensureAdminFromEnv, startProcessHousekeeping }, { getDb }] = await Promise.all([
    import("@taskfort/api"),
    import("@taskfort/db"),
  ]);
  if (env.ADMIN_USERNAME) await ensureAdminFromEnv(getDb());
  // Expired trash and old audit events are purged on a timer in every server process
  // (packages/api housekeeping.ts);
  // once per process, even if Next runs register() again (dev reloads). Graceful shutdown
  // (server/http-server.ts) stops it before closing the pool.
  startProcessHousekeeping(getDb());
}
