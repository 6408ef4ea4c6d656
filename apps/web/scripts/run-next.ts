// Shared by dev.ts and start.ts: run the Next CLI as a child, pass signals on, and
// report how it ended. Flags after the script name go to Next (e.g. --hostname).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export const webRoot = fileURLToPath(new URL("..", import.meta.url));
export const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));

const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");

/** Preloaded into the server process: stamps each request with its TCP peer address (see the file for why). */
export const peerAddressHook = new URL("./peer-address-hook.mjs", import.meta.url).href;
/** Preloaded into the server process: the request log line for everything outside /api/ (see the file for why). */
export const requestLogHook = new URL("./request-log-hook.mjs", import.meta.url).href;
/** Node arguments that load both hooks; every way of starting the server passes them. */
export const serverPreloads = ["--import", peerAddressHook, "--import", requestLogHook];

export interface RunNextOptions {
  command: "dev" | "start";
  port: number;
  /** Used unless the caller passed --hostname/-H themselves. */
  defaultHostname?: string;
  extraArgs: string[];
  env: NodeJS.ProcessEnv;
}

/** Resolves with the child's exit code once it has exited (signals are forwarded meanwhile). */
export function runNext(options: RunNextOptions): Promise<number> {
  const args = [...serverPreloads, nextBin, options.command, "--port", String(options.port)];
  const hasHostname = options.extraArgs.some(
    (a) => a === "-H" || a === "--hostname" || a.startsWith("--hostname="),
  );
  if (options.defaultHostname && !hasHostname) args.push("--hostname", options.defaultHostname);
  args.push(...options.extraArgs);

  const child = spawn(process.execPath, args, { cwd: webRoot, env: options.env, stdio: "inherit" });
  const forward = (signal: NodeJS.Signals) => () => {
    if (child.exitCode === null) child.kill(signal);
  };
  const onInt = forward("SIGINT");
  const onTerm = forward("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);

  return new Promise((resolve) => {
    child.on("exit", (code, signal) => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      resolve(code ?? (signal === "SIGINT" || signal === "SIGTERM" ? 0 : 1));
    });
  });
}
