// Structured JSON logs (pino): one line per request and per security event.
// Secrets never reach a line: redact covers every place a password, token, cookie
// or Authorization header could sit, and user strings are JSON-escaped by pino,
// so a newline in a username cannot forge a second line.
import pino, { multistream, type DestinationStream, type Logger } from "pino";
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
  taskfortRequestLogger?: Logger;
  taskfortLogStreams?: Destination[];
};

type Destination = DestinationStream & { flushSync(): void; end(): void };

/**
 * Asynchronous destinations (sonic-boom): a line is buffered and written in batches, not
 * with a blocking write(2) per line, which under load was a sixth of a request's CPU.
 * closeLogger() flushes them on a graceful shutdown; on any other exit pino flushes them
 * synchronously from the process's "exit" event.
 */
function destination(dest: number | string): Destination {
  return pino.destination({ dest, sync: false, append: true });
}

/** Both loggers, writing to the same destinations in the same format. */
function build(): { logger: Logger; requestLogger: Logger } {
  const env = getEnv();
  const outputs = [destination(1)];
  if (env.LOG_FILE) outputs.push(destination(env.LOG_FILE));
  globalForLog.taskfortLogStreams = outputs;
  const streams = multistream(outputs.map((stream) => ({ stream })));
  const options: pino.LoggerOptions = {
    level: env.LOG_LEVEL,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  return {
    logger: pino({ ...options, redact: { paths: redactPaths, censor: "[redacted]" } }, streams),
    // The request line's fields are fixed by writeRequestLine (ids, method, path, status,
    // timing, address) and none of them can hold a secret, so it skips redaction: pino's
    // redaction parses every path on every line, a tenth of all a request allocated.
    requestLogger: pino(options, streams),
  };
}

function loggers() {
  if (!globalForLog.taskfortLogger || !globalForLog.taskfortRequestLogger) {
    const built = build();
    globalForLog.taskfortLogger = built.logger;
    globalForLog.taskfortRequestLogger = built.requestLogger;
  }
  return { logger: globalForLog.taskfortLogger, requestLogger: globalForLog.taskfortRequestLogger };
}

/** The logger for everything but request lines: whatever it is given, secrets are redacted. */
export function getLogger(): Logger {
  return loggers().logger;
}

/** Only for the one request line per request (writeRequestLine), whose fields are fixed. */
export function getRequestLogger(): Logger {
  return loggers().requestLogger;
}

/** Flushes stdout's buffer and flushes and closes LOG_FILE: the last step of a graceful shutdown. */
export function closeLogger(): Promise<void> {
  const [stdout, file] = globalForLog.taskfortLogStreams ?? [];
  globalForLog.taskfortLogStreams = undefined;
  // A line logged after this (a late error) gets a fresh logger rather than a closed stream.
  globalForLog.taskfortLogger = undefined;
  globalForLog.taskfortRequestLogger = undefined;
  stdout?.flushSync();
  if (!file) return Promise.resolve();
  return new Promise<void>((resolve) => {
    (file as unknown as NodeJS.EventEmitter).once("close", () => resolve());
    file.end();
  });
}

export type { Logger };
