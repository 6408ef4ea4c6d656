// Who is calling and from where. createContextInner takes plain values (tests build
// callers with it, no HTTP); createContext is what the HTTP adapters call.
import { randomUUID } from "node:crypto";
import type { Db } from "@taskfort/db";
import { authenticate, type SessionRef } from "./auth/authenticate";
import { noteRequestUser } from "./request-scope";
import { requestOriginOf, type RequestOrigin } from "./middleware/origin";
import { getRateLimiter, type RateLimiter } from "./ratelimit";

import type { AuthUser, Principal } from "./principal";

export type { AuthUser, Principal, Role, Scope } from "./principal";

export interface ContextInner {
  db: Db;
  principal: Principal | null;
  user: AuthUser | null;
  /** The client address the server itself resolved (see the TRUST_PROXY rules); never a raw header. */
  ip: string;
  requestId: string;
  /** Response headers the procedures may add to (rate-limit headers); null for in-process callers. */
  resHeaders: Headers | null;
  /** Why the presented API token was refused (see authenticate); every procedure then answers UNAUTHORIZED. */
  authRejected: string | null;
  /** The rate limiter every procedure asks first (see middleware/rate-limit.ts). */
  limiter: RateLimiter;
  /** Where an HTTP request came from, for the CSRF check (middleware/origin.ts); null for in-process callers. */
  requestOrigin: RequestOrigin | null;
  /** The request's If-Match header (REST preconditions on task writes); null when absent or in-process. */
  ifMatch: string | null;
}

export interface CreateContextInnerOptions {
  db: Db;
  principal?: Principal | null;
  ip?: string;
  requestId?: string;
  resHeaders?: Headers | null;
  authRejected?: string | null;
  /** Defaults to the process-wide limiter; tests pass their own (e.g. a fresh createMemoryRateLimiter()). */
  limiter?: RateLimiter;
  requestOrigin?: RequestOrigin | null;
  ifMatch?: string | null;
}

export function createContextInner(opts: CreateContextInnerOptions): ContextInner {
  const principal = opts.principal ?? null;
  return {
    db: opts.db,
    principal,
    user: principal?.user ?? null,
    ip: opts.ip ?? "127.0.0.1",
    requestId: opts.requestId ?? randomUUID(),
    resHeaders: opts.resHeaders ?? null,
    authRejected: opts.authRejected ?? null,
    limiter: opts.limiter ?? getRateLimiter(),
    requestOrigin: opts.requestOrigin ?? null,
    ifMatch: opts.ifMatch ?? null,
  };
}

export type Context = ContextInner;

export interface CreateContextOptions {
  db: Db;
  /** The Authorization header (API tokens), or null where tokens do not apply (pages). */
  authorization: string | null;
  /** The session the web layer verified from its cookie (next-auth lives there, not here). */
  session: SessionRef | null;
  ip: string;
  requestId: string;
  /** Response headers the procedures may add to; null for in-process callers. */
  resHeaders?: Headers | null;
  /** The User-Agent header, kept with the session's last-seen facts. */
  userAgent?: string | null;
  /** The HTTP request, for the CSRF check; null for in-process callers (server components). */
  request?: Request | null;
}

/** The context for a request: the API (tRPC and REST) and server components alike. */
export async function createContext(opts: CreateContextOptions): Promise<Context> {
  const { principal, rejected } = await authenticate(opts.db, {
    authorization: opts.authorization,
    session: opts.session,
    seenFrom: { ip: opts.ip, userAgent: opts.userAgent ?? null },
  });
  noteRequestUser(principal?.user.id ?? null);
  return createContextInner({
    db: opts.db,
    principal,
    authRejected: rejected,
    ip: opts.ip,
    requestId: opts.requestId,
    resHeaders: opts.resHeaders ?? null,
    requestOrigin: opts.request ? requestOriginOf(opts.request) : null,
    ifMatch: opts.request?.headers.get("if-match") ?? null,
  });
}
