// Shared by the hardening tests: the built app (`npm start`) with a LOG_FILE, plain tRPC
// calls with full control over headers, and the log lines written for one request id.
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import type { Answer } from "../client";
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

let lastLoopback = 1;
/**
 * A loopback address no other request of this process used yet (127.0.0.2, 127.0.0.3, …):
 * Linux routes all of 127/8 to lo, so requests sent from it reach the server from a really
 * different client address, with no proxy header and no TRUST_PROXY involved.
 */
export function freshLoopback(): string {
  lastLoopback++;
  return `127.${(lastLoopback >> 16) & 255}.${(lastLoopback >> 8) & 255}.${lastLoopback & 255}`;
}

/** One HTTP request sent from `localAddress` (see freshLoopback); never follows redirects. */
export function sendFrom(
  localAddress: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: init.method ?? "GET", headers: init.headers, localAddress },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers))
            for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
              headers.append(name, v);
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers, text, body });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });
}
