// The request scope: this request's id, client address and (once known) user, in an
// AsyncLocalStorage. A leaf module (no imports of ours), so the proxy, the production
// server and the API all read one store without pulling in each other.
//
// Whoever owns the socket opens the scope: the production server
// (apps/web/src/server/http-server.ts) for every request it serves. Only where no such
// server runs (a bare `next start`, Vercel) do the API route handlers open it themselves
// (middleware/logging.ts withRequestScope). The request id is made once and read everywhere.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

export interface RequestScope {
  requestId: string;
  /** The client address (socket peer, then the TRUST_PROXY rules); never a raw header. */
  ip: string;
  /** Set by createContext once the caller is known. */
  userId: string | null;
  /** tRPC procedure path(s), e.g. "task.list,task.get"; set by the tRPC handler, absent elsewhere. */
  procedure?: string;
  /**
   * The route template for metrics (`/api/v1/tasks/{id}`, `/api/trpc/task.list`, a page), set by
   * whoever recognised the route; never a raw path. Unset, metrics label it "other".
   */
  route?: string;
  /** Set once this request counted against a rate limit (a refusal that did not gets counted by the API handler). */
  counted?: boolean;
}

// On globalThis: the production server and Next's route bundles each carry a copy of this
// module, but one request must see one store.
const globalForScope = globalThis as unknown as {
  taskfortRequestScope?: AsyncLocalStorage<RequestScope>;
};
const storage = (globalForScope.taskfortRequestScope ??= new AsyncLocalStorage<RequestScope>());

export function currentRequest(): RequestScope | undefined {
  return storage.getStore();
}

/** A fresh scope: our own id, never one a client sent (logs and error bodies quote it). */
export function newRequestScope(ip: string): RequestScope {
  return { requestId: randomUUID(), ip, userId: null };
}

export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** createContext reports who the caller turned out to be. */
export function noteRequestUser(userId: string | null): void {
  const scope = storage.getStore();
  if (scope) scope.userId = userId;
}
