// Embedded Postgres for development and tests: PGlite (Postgres compiled to WASM)
// served over the Postgres wire protocol on loopback, so the same pg/Prisma code runs on it.
import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedPostgres {
  url: string;
  /** The whole database as a gzipped tarball, for `loadDataDir` (test templates). */
  dumpDataDir(): Promise<Blob>;
  stop(): Promise<void>;
}

/**
 * PGlite is ONE Postgres session: the socket server funnels every connection's messages
 * through a single queue (holding other connections back while one is inside a
 * transaction). Several connections do work (300 concurrent queries and 100 concurrent
 * transactions through a pg Pool of 10 came back correct), but they share session state
 * (SET, advisory locks, prepared statement names) and gain no parallelism. So the URL
 * carries `connection_limit=1`, which createDb() turns into a pool of one, and
 * `pgbouncer=true` (no named prepared statements: another client, or the pool's next
 * connection, would find the name taken), while the server
 * still accepts a few separate clients (app, migrator, a psql) instead of answering
 * "Too many connections" (its default maximum is 1).
 */
const MAX_CLIENTS = 8;

/**
 * Starts PGlite (persisted in dataDir, in memory without one) on 127.0.0.1 and a free port;
 * from a dump (`loadDataDir`) instead of an empty cluster when given one.
 */
export async function startEmbeddedPostgres(
  opts: { dataDir?: string; loadDataDir?: Blob } = {},
): Promise<EmbeddedPostgres> {
  if (opts.dataDir) await mkdir(opts.dataDir, { recursive: true });
  // pg_trgm ships with PGlite as a loadable extension: the search migration creates it.
  const db = await PGlite.create({
    dataDir: opts.dataDir,
    loadDataDir: opts.loadDataDir,
    extensions: { pg_trgm },
  });
  const server = new PGLiteSocketServer({
    db,
    host: "127.0.0.1",
    port: 0,
    maxConnections: MAX_CLIENTS,
  });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres?connection_limit=1&pgbouncer=true`,
    dumpDataDir: () => db.dumpDataDir("gzip"),
    async stop() {
      await server.stop();
      // close() flushes PGlite's files: without it the last writes may not survive a restart.
      await db.close();
    },
  };
}
