// Structured JSON logs (pino): one line per request and per security event.
// Secrets never reach a line: redact covers every place a password, token, cookie
// or Authorization header could sit, and user strings are JSON-escaped by pino,
// so a newline in a username cannot forge a second line.
import { createWriteStream } from "node:fs";
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

function build(): Logger {
  const env = getEnv();
  const streams: pino.StreamEntry[] = [{ stream: process.stdout }];
  if (env.LOG_FILE) streams.push({ stream: createWriteStream(env.LOG_FILE, { flags: "a" }) });
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

const globalForLog = globalThis as unknown as { taskfortLogger?: Logger };

export function getLogger(): Logger {
  globalForLog.taskfortLogger ??= build();
  return globalForLog.taskfortLogger;
}

export type { Logger };
