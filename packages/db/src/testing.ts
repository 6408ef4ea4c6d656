// Test databases: every test file gets its own, migrated, and drops it afterwards. Migrating
// every one from scratch cost seconds a file (PGlite's initdb most of all), so each is a copy of
// a template migrated once per set of migrations: a Postgres template database, or a PGlite
// dump in the temp folder. A changed migration makes a new template, never reuses an old one.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { getEnv } from "@taskfort/config/env";
import { createDb, type Db } from "./client";
import { startEmbeddedPostgres } from "./embedded";
import { checksum, migrate, readMigrations } from "./migrate";

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

/** Names a template: the migrations it holds (names and checksums) and what reads its files. */
let templateKey: Promise<string> | undefined;
function getTemplateKey(): Promise<string> {
  templateKey ??= readMigrations().then((migrations) => {
    // The dump's format is PGlite's: its package (dist/ below it) is part of the key.
    const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
    const pglite = readFileSync(
      join(entry.slice(0, entry.lastIndexOf("/dist/")), "package.json"),
      "utf8",
    );
    const content = migrations.map((m) => `${m.name} ${m.checksum}`).join("\n");
    return checksum(`pglite ${pglite}\n${content}`).slice(0, 16);
  });
  return templateKey;
}

/** A migrated PGlite, dumped once into the temp folder; test processes racing to make it each write a whole file and rename it. */
async function pgliteTemplate(): Promise<Blob> {
  const file = join(tmpdir(), `taskfort-pglite-template-${await getTemplateKey()}.tar.gz`);
  try {
    return new Blob([await readFile(file)]);
  } catch {
    const embedded = await startEmbeddedPostgres({});
    try {
      await migrate(embedded.url);
      const dump = await embedded.dumpDataDir();
      const partial = `${file}.${randomBytes(6).toString("hex")}`;
      await writeFile(partial, new Uint8Array(await dump.arrayBuffer()));
      await rename(partial, file);
      return dump;
    } finally {
      await embedded.stop();
    }
  }
}

async function createPgliteDatabase(): Promise<TestDatabase> {
  const embedded = await startEmbeddedPostgres({ loadDataDir: await pgliteTemplate() });
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
  await admin(
    serverUrl,
    `CREATE DATABASE "${name}" TEMPLATE "${await postgresTemplate(serverUrl)}"`,
  );
  const url = databaseUrl(serverUrl, name);
  const db = createDb(url);
  return {
    url,
    db,
    kind: "postgres",
    async drop() {
      await db.$disconnect();
      await admin(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Any fixed number: the advisory lock that lets one test process at a time make a template. */
const TEMPLATE_LOCK = 7_264_310;

/**
 * The migrated template database on this server, made by the first test process that needs it.
 * It is built under another name and renamed when complete, so a crash mid-way never leaves a
 * half-migrated template; templates of other migration sets are left alone (another checkout
 * may be using them).
 */
let postgresTemplateName: Promise<string> | undefined;
function postgresTemplate(serverUrl: string): Promise<string> {
  postgresTemplateName ??= (async () => {
    const name = `taskfort_tpl_${await getTemplateKey()}`;
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query("SELECT pg_advisory_lock($1)", [TEMPLATE_LOCK]);
      const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (!found.rowCount) {
        const building = `${name}_building`;
        await client.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
        await client.query(`CREATE DATABASE "${building}"`);
        await migrate(databaseUrl(serverUrl, building));
        await client.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
        await client.query(
          `ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false IS_TEMPLATE true`,
        );
      }
    } finally {
      await client.end();
    }
    return name;
  })();
  // A failed attempt (server down) is not remembered: the next test file tries again.
  postgresTemplateName.catch(() => (postgresTemplateName = undefined));
  return postgresTemplateName;
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
