// Shared by the hardening tests: the built app (`next start`) with a LOG_FILE, plain tRPC
// calls with full control over headers, and the log lines written for one request id.
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startRestApp, type RestApp } from "../rest/helpers";

export interface HardenedApp extends RestApp {
  logFile: string;
  /** Every JSON line the server wrote to LOG_FILE so far (non-JSON lines fail the test). */
  logLines(): Record<string, unknown>[];
}

export async function startHardenedApp(
  env: Record<string, string | undefined> = {},
): Promise<HardenedApp> {
  const logFile = join(mkdtempSync(join(tmpdir(), "taskfort-hardening-")), "app.log");
  const app = await startRestApp({ LOG_FILE: logFile, ...env });
  return {
    ...app,
    logFile,
    logLines: () =>
      existsSync(logFile)
        ? readFileSync(logFile, "utf8")
            .split("\n")
            .filter(Boolean)
            .map((line) => JSON.parse(line) as Record<string, unknown>)
        : [],
  };
}

/** Lines for one request, waiting a little: security events are written in the background. */
export async function linesFor(
  app: HardenedApp,
  requestId: string,
  predicate: (line: Record<string, unknown>) => boolean = () => true,
) {
  for (let i = 0; i < 40; i++) {
    const lines = app.logLines().filter((l) => l.requestId === requestId && predicate(l));
    if (lines.length) return lines;
    await new Promise((r) => setTimeout(r, 50));
  }
  return [];
}

export { send, trpcMutation, trpcQuery, type Answer } from "../client";
