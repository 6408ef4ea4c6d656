// Runs once when a server process starts (next start, next dev, serverless cold start).
// A production server missing a required setting must not come up half-configured,
// even when started without scripts/start.ts (e.g. plain `next start`, or on Vercel):
// Next only logs a throwing register() and keeps serving, so this exits instead.
import { assertStartupEnv, EnvError, type Env } from "@taskfort/config/env";

export async function register() {
  let env: Env;
  try {
    env = assertStartupEnv();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(error.message);
    // Turbopack warns that the Edge runtime lacks process.exit; this app runs no Edge code.
    process.exit(1);
  }
  // The operator's admin (ADMIN_USERNAME/ADMIN_PASSWORD) exists from the first request on, in
  // every environment; the dev seed does the same for `npm run dev`. Server code is imported
  // only in the Node.js runtime and never while `next build` collects pages.
  // The one process.env read outside packages/config: Next inlines this literal at build time,
  // which is what keeps the Node-only imports below out of the Edge instrumentation bundle.
  // eslint-disable-next-line no-restricted-properties
  if (
    process.env.NEXT_RUNTIME === "nodejs" &&
    env.ADMIN_USERNAME &&
    env.NEXT_PHASE !== "phase-production-build"
  ) {
    const [{ ensureAdminFromEnv }, { getDb }] = await Promise.all([
      import("@taskfort/api"),
      import("@taskfort/db"),
    ]);
    await ensureAdminFromEnv(getDb());
  }
}
