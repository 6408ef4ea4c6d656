// Loaded with `node --import` into the process that runs the Next server, next to
// peer-address-hook.mjs (see serverPreloads in run-next.ts), never bundled into the app.
//
// Why: the contract wants one JSON log line per request. The API routes write theirs with
// withRequestLog (packages/api/src/middleware/logging.ts), which also knows the user and the
// procedure; pages, Next's 404s and static files have no such wrapper, and Next gives app
// code no "response finished" hook. This process sees every request, so it writes the line
// for everything outside /api/, with the same fields (userId is always null here; ip is the
// TCP peer). Only the pathname is logged, never the query string, cookies or headers, and
// JSON.stringify escapes every value, so a path cannot start a forged line. Logging must
// never break a response: every step is guarded.
import { createWriteStream } from "node:fs";
import http from "node:http";
import https from "node:https";

const MARKER = Symbol.for("taskfort.requestLogHook");
// pino's level numbers; the app's logger honours LOG_LEVEL the same way.
const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

// eslint-disable-next-line no-restricted-properties -- plain-JS preload: runs before any TS loader, so it cannot import @taskfort/config; reads only these two.
const { LOG_FILE, LOG_LEVEL } = process.env;
const threshold = LEVELS[LOG_LEVEL || "info"] ?? LEVELS.info;

let file;
function fileStream() {
  if (!file) {
    // O_APPEND, one write per line: lines from this stream and the app's pino stream never interleave.
    file = createWriteStream(LOG_FILE, { flags: "a" });
    file.on("error", () => {});
  }
  return file;
}

function logRequest(req, res, started) {
  try {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path.startsWith("/api/")) return; // withRequestLog writes these
    const status = res.statusCode;
    const level = status >= 500 ? "error" : "info";
    if (LEVELS[level] < threshold) return;
    const requestId = res.getHeader("x-request-id");
    const line = `${JSON.stringify({
      level,
      time: new Date().toISOString(),
      requestId: typeof requestId === "string" ? requestId : null,
      method: req.method,
      path,
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      userId: null,
      ip: (req.socket?.remoteAddress ?? "unknown").replace(/^::ffff:(?=\d+\.)/, ""),
      msg: "request",
    })}\n`;
    process.stdout.write(line);
    if (LOG_FILE) fileStream().write(line);
  } catch {
    // A log line is never worth a failed response.
  }
}

if (!globalThis[MARKER]) {
  globalThis[MARKER] = true;
  for (const Server of [http.Server, https.Server]) {
    const emit = Server.prototype.emit;
    Server.prototype.emit = function emitWithRequestLog(event, ...args) {
      if (event === "request") {
        try {
          const [req, res] = args;
          const started = performance.now();
          // "close", not "finish": it also fires when the client went away mid-response.
          res.once("close", () => logRequest(req, res, started));
        } catch {
          // see logRequest
        }
      }
      return emit.call(this, event, ...args);
    };
  }
}
