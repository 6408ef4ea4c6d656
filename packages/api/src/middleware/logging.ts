// One JSON log line per API request: time, level, requestId, method, path (and the
// tRPC procedures), status, durationMs, userId, ip. The request scope lives in an
// AsyncLocalStorage, so code deep in the call (createContext learning the user, the
// errorFormatter needing the request id before a context exists) reaches it without
// threading it through every signature.
import { AsyncLocalStorage } from "node:async_hooks";
import type { TRPCError } from "@trpc/server";
import { getLogger } from "../logger";

export interface RequestScope {
  requestId: string;
  ip: string;
  /** Set by createContext once the caller is known. */
  userId: string | null;
}

// On globalThis: the route bundles may each carry a copy of this module, but one request
// must see one store.
const globalForScope = globalThis as unknown as {
  taskfortRequestScope?: AsyncLocalStorage<RequestScope>;
};
const storage = (globalForScope.taskfortRequestScope ??= new AsyncLocalStorage<RequestScope>());

export function currentRequest(): RequestScope | undefined {
  return storage.getStore();
}

/** createContext reports who the caller turned out to be. */
export function noteRequestUser(userId: string | null): void {
  const scope = storage.getStore();
  if (scope) scope.userId = userId;
}

export interface RequestLogInfo {
  requestId: string;
  ip: string;
  /** tRPC procedure path(s), e.g. "task.list,task.get"; absent for REST (the path says it). */
  procedure?: string;
}

/**
 * Runs `handle` inside the request scope and writes the request line when it returns.
 * Only the pathname is logged, never the query string (a tRPC GET carries its input
 * there). pino JSON-escapes every value, so a newline in a path or username stays
 * inside its string and cannot start a forged line.
 */
export async function withRequestLog(
  req: Request,
  info: RequestLogInfo,
  handle: () => Promise<Response>,
): Promise<Response> {
  const scope: RequestScope = { requestId: info.requestId, ip: info.ip, userId: null };
  const started = performance.now();
  let status = 500;
  try {
    const res = await storage.run(scope, handle);
    status = res.status;
    return res;
  } finally {
    try {
      const line = {
        requestId: scope.requestId,
        method: req.method,
        path: new URL(req.url).pathname,
        ...(info.procedure ? { procedure: info.procedure } : {}),
        status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        userId: scope.userId,
        ip: scope.ip,
      };
      getLogger()[status >= 500 ? "error" : "info"](line, "request");
    } catch {
      // A broken log stream must not break the request.
    }
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
