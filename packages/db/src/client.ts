// One Prisma client per process, over node-postgres (works offline: the query
// compiler is WASM, no native engine).
import { PrismaPg } from "@prisma/adapter-pg";
import { getEnv } from "@taskfort/config/env";
import { PrismaClient } from "./generated/prisma/client";

export type Db = PrismaClient;

export function createDb(connectionString: string, options: { max?: number } = {}): Db {
  const adapter = new PrismaPg({ connectionString, max: options.max ?? 10 });
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { taskfortDb?: Db };

/** The process-wide client for DATABASE_URL (kept on globalThis so dev hot reloads reuse it). */
export function getDb(): Db {
  if (!globalForDb.taskfortDb) {
    const url = getEnv().DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set (npm run dev starts the embedded database and sets it)");
    globalForDb.taskfortDb = createDb(url);
  }
  return globalForDb.taskfortDb;
}
