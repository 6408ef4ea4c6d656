// Test databases: every test file gets its own, migrated, and drops it afterwards.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { getEnv } from "@taskfort/config/env";
import { createDb, type Db } from "./client";
import { startEmbeddedPostgres } from "./embedded";
import { migrate } from "./migrate";

export type TestDatabaseKind = "postgres" | "pglite";

export interface TestDatabase {
  url: string;
  db: Db;
  kind: TestDatabaseKind;
  drop(): Promise<void>;
}

/** TASKFORT_TEST_DB if set, else real Postgres when DATABASE_URL is set, else PGlite. */
export function defaultTestDatabaseKind(): TestDatabaseKind {
  const env = getEnv();
  return env.TASKFORT_TEST_DB ?? (env.DATABASE_URL ? "postgres" : "pglite");
}

export async function createTestDatabase(
  opts: { kind?: TestDatabaseKind } = {},
): Promise<TestDatabase> {
  const kind = opts.kind ?? defaultTestDatabaseKind();
  return kind === "postgres" ? createPostgresDatabase() : createPgliteDatabase();
}

async function createPgliteDatabase(): Promise<TestDatabase> {
  const embedded = await startEmbeddedPostgres({});
  await migrate(embedded.url);
  const db = createDb(embedded.url);
  return {
    url: embedded.url,
    db,
    kind: "pglite",
    async drop() {
      await db.$disconnect();
      await embedded.stop();
    },
  };
}

async function createPostgresDatabase(): Promise<TestDatabase> {
  const serverUrl = getEnv().DATABASE_URL;
  if (!serverUrl) {
    throw new Error(
      "A postgres test database needs DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres); set TASKFORT_TEST_DB=pglite to use the embedded one.",
    );
  }
  const name = `taskfort_t_${randomBytes(6).toString("hex")}`;
  await admin(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    await migrate(url.toString());
  } catch (error) {
    await admin(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    throw error;
  }
  const db = createDb(url.toString());
  return {
    url: url.toString(),
    db,
    kind: "postgres",
    async drop() {
      await db.$disconnect();
      await admin(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

async function admin(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
