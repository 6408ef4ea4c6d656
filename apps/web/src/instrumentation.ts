// Runs once when a server process starts (next start, next dev, serverless cold start).
// A production server missing a required setting must not come up half-configured,
// even when started without scripts/start.ts (e.g. plain `next start`, or on Vercel):
// Next only logs a throwing register() and keeps serving, so this exits instead.
import { assertStartupEnv, EnvError } from "@taskfort/config/env";

export function register() {
  try {
    assertStartupEnv();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(error.message);
    // Turbopack warns that the Edge runtime lacks process.exit; this app runs no Edge code.
    process.exit(1);
  }
}
