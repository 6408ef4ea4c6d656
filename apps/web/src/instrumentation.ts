// Runs once when a server process starts (next start, next dev, serverless cold start).
// A production server missing a required setting must not come up half-configured,
// even when started without scripts/start.ts (e.g. on Vercel).
import { assertStartupEnv } from "@taskfort/config/env";

export function register() {
  assertStartupEnv();
}
