// One Prisma client per process, over node-postgres (works offline: the query
// compiler is WASM, no native engine).
import { PrismaPg } from "@prisma/adapter-pg";
import { getEnv } from "@taskfort/config/env";
import { PrismaClient } from "./generated/prisma/client";

export type Db = PrismaClient;

/**
 * Splits Prisma's `connection_limit` URL parameter off a connection string, so a URL
 * can say how large its pool may be (the embedded PGlite server's URL says 1, see
 * embedded.ts). The parameter is removed because pg and psql do not know it.
 */
export function parseDatabaseUrl(url: string): { connectionString: string; max?: number } {
  const parsed = new URL(url);
  const limit = parsed.searchParams.get("connection_limit");
  if (limit === null) return { connectionString: url };
  parsed.searchParams.delete("connection_limit");
  const max = Number(limit);
  if (!Number.isInteger(max) || max < 1)
    throw new Error(`connection_limit must be a positive integer, got "${limit}"`);
  return { connectionString: parsed.toString(), max };
}

export function createDb(url: string, options: { max?: number } = {}): Db {
  const { connectionString, max } = parseDatabaseUrl(url);
  const adapter = new PrismaPg({ connectionString, max: options.max ?? max ?? 10 });
  // An interactive transaction waits for a pooled connection at most maxWait (Prisma's default
  // is 2 s); under load, writes queued longer than that failed with a 500 "Unable to start a
  // transaction in the given time" although they would have run a moment later.
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000 } });
}

const globalForDb = globalThis as unknown as { taskfortDb?: Db };

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
