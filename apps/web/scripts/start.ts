// `npm start`: the production server. Refuses to start, naming every missing or
// invalid setting, instead of failing later on the first request.
import { assertStartupEnv, childEnv, EnvError, setEnvForChildren } from "@taskfort/config/env";
import { runNext } from "./run-next";

function main(): Promise<number> {
  // `next start` always runs as production; check the settings production needs, not the dev defaults.
  setEnvForChildren({ NODE_ENV: "production" });
  let port: number;
  try {
    port = assertStartupEnv().PORT;
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      return Promise.resolve(1);
    }
    throw error;
  }
  return runNext({ command: "start", port, extraArgs: process.argv.slice(2), env: childEnv() });
}

process.exitCode = await main();
