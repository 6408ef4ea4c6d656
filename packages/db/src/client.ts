// One Prisma client per process, over node-postgres (works offline: the query
// compiler is WASM, no native engine).
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { getEnv } from "@taskfort/config/env";
import { PrismaClient } from "./generated/prisma/client";

export type Db = PrismaClient;
/** The transaction client of an interactive transaction. */
export type DbTx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * Splits off the URL parameters this file reads, in Prisma's vocabulary, because pg and psql
 * do not know them (or, for connect_timeout, read it in libpq's way only):
 * - `connection_limit`: how large the pool may be (the embedded PGlite server's URL says 1,
 *   see embedded.ts);
 * - `pgbouncer=true`: no named prepared statements (see createDb);
 * - `connect_timeout` and `socket_timeout`, in seconds: see DATABASE_WAIT_MS.
 */
export function parseDatabaseUrl(url: string): {
  connectionString: string;
  max?: number;
  /** False when the URL says `pgbouncer=true`: see createDb. */
  prepare: boolean;
  connectTimeoutMs?: number;
  socketTimeoutMs?: number;
} {
  const parsed = new URL(url);
  const given = parsed.search;
  const params = parsed.searchParams;
  const read = (name: string): number | undefined => {
    const value = params.get(name);
    if (value === null) return undefined;
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1)
      throw new Error(`${name} must be a positive integer, got "${value}"`);
    params.delete(name);
    return number;
  };
  const max = read("connection_limit");
  const connectTimeout = read("connect_timeout");
  const socketTimeout = read("socket_timeout");
  const prepare = params.get("pgbouncer") !== "true";
  params.delete("pgbouncer");
  return {
    // Untouched when nothing was split off, so a URL pg reads as it is stays byte for byte.
    connectionString: parsed.search === given ? url : parsed.toString(),
    prepare,
    ...(max === undefined ? {} : { max }),
    ...(connectTimeout === undefined ? {} : { connectTimeoutMs: connectTimeout * 1000 }),
    ...(socketTimeout === undefined ? {} : { socketTimeoutMs: socketTimeout * 1000 }),
  };
}

/**
 * How long an interactive transaction may wait for a pool connection. Prisma's default (2 s)
 * failed a third of a 300-create burst by one user with a 500 (the creates queue on the owner's
 * row lock, see quota.ts, so each holds its connection a little longer; on a busy machine such a
 * burst took 10 s); this lets a burst queue and finish, well inside the minute a proxy or client
 * waits. Past it the request answers 503 (P2028 is "unavailable" in errors.ts).
 */
export const TRANSACTION_MAX_WAIT_MS = 15_000;

/**
 * How long a query waits for the database at each step, unless the URL says otherwise
 * (`connect_timeout`, `socket_timeout`, in seconds): for a connection (a new one to open, or a
 * pooled one to come free) and for a statement's answer (see endStuckConnections). Without a
 * bound, a Postgres that hangs instead of refusing (a network partition, a frozen host) held
 * every request, and every pooled connection, until the client gave up. Past it the query fails
 * as "unavailable" (503, see errors.ts in the api package). The same as the transaction wait
 * above, so a burst that may queue that long still can.
 */
export const DATABASE_WAIT_MS = TRANSACTION_MAX_WAIT_MS;

/**
 * Ends every connection whose statement in flight has had no answer for `ms`: the statement fails
 * as a connection that died, and the pool opens a new one. A sweep once a second looks at the
 * connections checked out of `pool` (its acquire and release events) and at the statement each
 * is waiting on (node-postgres's `_activeQuery`: pg is pinned, and client.test.ts fails if it
 * moves); a statement seen in flight at two sweeps `ms` apart is stuck. A transaction may hold
 * its connection longer (an import's is allowed a minute); only a single statement is bounded.
 * node-postgres's own query_timeout, a timer per statement, cost about a tenth of a list
 * request's CPU in bench:http; this costs a map update per checkout.
 */
function endStuckConnections(pool: pg.Pool, ms: number): void {
  const checkedOut = new Map<pg.PoolClient, { statement?: unknown; since: number }>();
  pool.on("acquire", (client) => checkedOut.set(client, { since: 0 }));
  pool.on("release", (_error: Error | undefined, client: pg.PoolClient) =>
    checkedOut.delete(client),
  );
  pool.on("remove", (client) => checkedOut.delete(client));
  const sweep = setInterval(
    () => {
      if (pool.ending) return void clearInterval(sweep);
      const now = Date.now();
      for (const [client, seen] of checkedOut) {
        const statement = (client as unknown as { _activeQuery?: unknown })._activeQuery;
        if (!statement || statement !== seen.statement) {
          seen.statement = statement;
          seen.since = now;
        } else if (now - seen.since >= ms) {
          checkedOut.delete(client);
          // With a statement in flight, end() destroys the socket rather than wait for it.
          client.end().catch(ignoreConnectionError);
        }
      }
    },
    Math.min(1_000, ms / 2),
  ).unref();
}

/** For connections' "error" events: the query that needs the connection reports the failure. */
export function ignoreConnectionError(): void {}

const globalForDb = globalThis as unknown as { taskfortDb?: Db };

/** A connection pool's state right now (for metrics). */
export interface PoolStats {
  /** Connections checked out by a query or transaction. */
  inUse: number;
  /** Open connections nobody is using. */
  idle: number;
  /** Queries waiting for a connection (the pool is at its max). */
  waiting: number;
  max: number;
}

// The pg pool behind each client: the adapter owns it (and ends it on $disconnect); we read
// its counters, and sql.ts runs the hot paths on it. On globalThis like the client itself:
// Next's bundles may hold two copies of this module, and a client made by one copy (the
// instrumentation hook's) is used by the other (a route's).
const globalForPools = globalThis as unknown as {
  taskfortPools?: WeakMap<Db, { pool: pg.Pool; prepare: boolean }>;
};
const pools = (globalForPools.taskfortPools ??= new WeakMap());

export function createDb(url: string, options: { max?: number } = {}): Db {
  const { connectionString, max, prepare, connectTimeoutMs, socketTimeoutMs } =
    parseDatabaseUrl(url);
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? max ?? 10,
    connectionTimeoutMillis: connectTimeoutMs ?? DATABASE_WAIT_MS,
  });
  endStuckConnections(pool, socketTimeoutMs ?? DATABASE_WAIT_MS);
  // An idle connection the server drops (a restart, a terminated backend) is an "error" event
  // on the pool, which would end the process with nobody listening. The pool discards that
  // connection itself, and the next query opens a new one or reports the outage.
  pool.on("error", ignoreConnectionError);
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  const db = new PrismaClient({
    adapter,
    transactionOptions: { maxWait: TRANSACTION_MAX_WAIT_MS },
  });
  // Named prepared statements (sql.ts) live in a server session. Behind a transaction pooler
  // (PgBouncer) or on embedded PGlite (one session for every client) sessions are shared, so
  // a name one client prepared may already exist for the next: such URLs say pgbouncer=true.
  pools.set(db, { pool, prepare });
  return db;
}

/** The pg pool behind `db`, for the hot paths written in SQL (sql.ts), and whether it may prepare statements. */
export function poolOf(db: Db): { pool: pg.Pool; prepare: boolean } {
  const entry = pools.get(db);
  if (!entry) throw new Error("this Prisma client was not made by createDb");
  return entry;
}

/** The pool counters of `db` (null for a client this file did not make). */
export function poolStats(db: Db): PoolStats | null {
  const pool = pools.get(db)?.pool;
  if (!pool) return null;
  return {
    inUse: pool.totalCount - pool.idleCount,
    idle: pool.idleCount,
    waiting: pool.waitingCount,
    max: pool.options.max,
  };
}

/** The process-wide pool's counters, or null while no query has opened it. */
export function currentPoolStats(): PoolStats | null {
  const db = globalForDb.taskfortDb;
  return db ? poolStats(db) : null;
}

/** The process-wide client for DATABASE_URL (kept on globalThis so dev hot reloads reuse it). */
export function getDb(): Db {
  if (!globalForDb.taskfortDb) {
    const url = getEnv().DATABASE_URL;
    if (!url)
      throw new Error(
        "DATABASE_URL is not set (npm run dev starts the embedded database and sets it)",
      );
    globalForDb.taskfortDb = createDb(url);
  }
  return globalForDb.taskfortDb;
}

/** Closes the process-wide pool, if one was opened (graceful shutdown). */
export async function closeDb(): Promise<void> {
  const db = globalForDb.taskfortDb;
  globalForDb.taskfortDb = undefined;
  await db?.$disconnect();
}
