// Structured JSON logs (pino): one line per request and per security event.
// Secrets never reach a line: redact covers every place a password, token, cookie
// or Authorization header could sit, and user strings are JSON-escaped by pino,
// so a newline in a username cannot forge a second line.
import { createWriteStream, type WriteStream } from "node:fs";
import pino, { multistream, type Logger } from "pino";
import { getEnv } from "@taskfort/config/env";

export const redactPaths = [
  "password",
  "*.password",
  "token",
  "*.token",
  "secret",
  "*.secret",
  "otp",
  "*.otp",
  "recoveryCodes",
  "*.recoveryCodes",
  "authorization",
  "*.authorization",
  "cookie",
  "*.cookie",
  "headers.authorization",
  "headers.cookie",
  'headers["set-cookie"]',
  "*.headers.authorization",
  "*.headers.cookie",
];

const globalForLog = globalThis as unknown as {
  taskfortLogger?: Logger;
  taskfortLogFile?: WriteStream;
};

function build(): Logger {
  const env = getEnv();
  const streams: pino.StreamEntry[] = [{ stream: process.stdout }];
  if (env.LOG_FILE) {
    globalForLog.taskfortLogFile = createWriteStream(env.LOG_FILE, { flags: "a" });
    streams.push({ stream: globalForLog.taskfortLogFile });
  }
  return pino(
    {
      level: env.LOG_LEVEL,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: redactPaths, censor: "[redacted]" },
    },
    multistream(streams),
  );
}

export function getLogger(): Logger {
  globalForLog.taskfortLogger ??= build();
  return globalForLog.taskfortLogger;
}

/** Flushes and closes LOG_FILE: the last step of a graceful shutdown (stdout needs nothing). */
export async function closeLogger(): Promise<void> {
  const file = globalForLog.taskfortLogFile;
  if (!file) return;
  globalForLog.taskfortLogFile = undefined;
  await new Promise<void>((resolve) => file.end(resolve));
}

export type { Logger };
