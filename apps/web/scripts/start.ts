// `npm start`: the production server (src/server/http-server.ts). Refuses to start, naming
// every missing or invalid setting, instead of failing later on the first request.
// Flags: --hostname/-H <address> (default: every interface), --port/-p <n> (default PORT).
// WEB_CONCURRENCY > 1 runs that many worker processes on the one port (src/server/workers.ts).
// `npm run build` bundles this file into dist/start.mjs (scripts/build-server.ts), which `npm start` runs.
import cluster from "node:cluster";
import { enableCompileCache } from "node:module";
import { assertStartupEnv, EnvError, setEnvForChildren, type Env } from "@taskfort/config/env";
import { serverArgs, webRoot } from "./server-args";

// V8 keeps the compiled code of Next and the dependencies on disk (in the OS temp folder, checked
// against each file's content): a restart loads them in about half the time.
enableCompileCache();

async function main(): Promise<number> {
  // The production server always runs as production; check the settings production needs, not the dev defaults.
  setEnvForChildren({ NODE_ENV: "production" });
  let env: Env;
  try {
    env = assertStartupEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  const args = serverArgs(process.argv.slice(2), { port: env.PORT });
  // WEB_CONCURRENCY > 1: this process forks the workers (each runs this file again) and supervises
  // them; it never loads Next itself.
  if (env.WEB_CONCURRENCY > 1 && cluster.isPrimary) {
    const { superviseWorkers } = await import("../src/server/workers");
    return superviseWorkers(env.WEB_CONCURRENCY);
  }
  // Imported after NODE_ENV is set: Next reads it when it loads.
  const { serveUntilSignalled } = await import("../src/server/http-server");
  return serveUntilSignalled({ dev: false, dir: webRoot, ...args });
}

// A failure while starting is exit 1 (Next's own uncaughtException handler would log it and let
// the process end with 0, which a supervisor reads as a clean stop).
process.exit(
  await main().catch((error: unknown) => {
    console.error(error);
    return 1;
  }),
);
