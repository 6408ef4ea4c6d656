// The one JSON log line per request: time, level, requestId, method, path (and the tRPC
// procedures), status, durationMs, userId, ip. Whoever opened the request scope
// (../request-scope.ts) writes it: the production server for every request it serves,
// pages and static files included; otherwise the API route handler (withRequestScope).
import type { TRPCError } from "@trpc/server";
import { getLogger, getRequestLogger } from "../logger";
import { observeRequest } from "../metrics";
import { currentRequest, runInRequestScope, type RequestScope } from "../request-scope";

export interface RequestLineFacts {
  method: string;
  /** The pathname only, never the query string (a tRPC GET carries its input there). */
  path: string;
  status: number;
  durationMs: number;
}

/**
 * Writes the request line. pino JSON-escapes every value, so a newline in a path or
 * username stays inside its string and cannot start a forged line. Never throws: a
 * broken log stream must not break the request.
 */
export function writeRequestLine(scope: RequestScope, facts: RequestLineFacts): void {
  // The request metric is recorded here too: this is the one call every path makes per request.
  observeRequest(scope, facts.method, facts.status, facts.durationMs);
  try {
    const line = {
      requestId: scope.requestId,
      method: facts.method,
      path: facts.path,
      ...(scope.procedure ? { procedure: scope.procedure } : {}),
      status: facts.status,
      durationMs: Math.round(facts.durationMs * 10) / 10,
      userId: scope.userId,
      ip: scope.ip,
    };
    getRequestLogger()[facts.status >= 500 ? "error" : "info"](line, "request");
  } catch {
    // see above
  }
}

/**
 * Runs `handle` in this request's scope. Inside the production server the scope already
 * exists (and the server writes the line when the response closes); otherwise this
 * handler is the edge: it opens the scope with `fallback()` and writes the line itself.
 */
export async function withRequestScope(
  req: Request,
  fallback: () => RequestScope,
  handle: (scope: RequestScope) => Promise<Response>,
): Promise<Response> {
  const existing = currentRequest();
  if (existing) return handle(existing);
  const scope = fallback();
  const started = performance.now();
  let status = 500;
  try {
    const res = await runInRequestScope(scope, () => handle(scope));
    status = res.status;
    return res;
  } finally {
    writeRequestLine(scope, {
      method: req.method,
      path: new URL(req.url).pathname,
      status,
      durationMs: performance.now() - started,
    });
  }
}

/**
 * The adapters' onError: an unexpected failure reaches the client as the generic 500, so
 * its detail (cause, stack) goes to the log, under the request id the client was given.
 */
export function logUnexpectedError({ error, path }: { error: TRPCError; path?: string }): void {
  if (error.code !== "INTERNAL_SERVER_ERROR") return;
  try {
    getLogger().error(
      { requestId: currentRequest()?.requestId, procedure: path, err: error.cause ?? error },
      "procedure failed",
    );
  } catch {
    // A broken log stream must not break the request.
  }
}
