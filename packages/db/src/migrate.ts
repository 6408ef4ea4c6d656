// Applies prisma/migrations with plain node-postgres: no schema engine, no network.
// The bookkeeping is Prisma's own (_prisma_migrations, same columns, same checksums,
// same advisory lock key), so `prisma migrate deploy` / `migrate status` on a machine
// with the engine see a database migrated here as up to date, and vice versa.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { parseDatabaseUrl } from "./client";

/** Resolved from this file, not the cwd, so any caller finds the same folder. */
export const migrationsDir = fileURLToPath(new URL("../prisma/migrations/", import.meta.url));

// The key Prisma's schema engine locks on Postgres: we exclude a concurrent `prisma migrate deploy` too.
const ADVISORY_LOCK_KEY = 72707369;

// Exactly the table Prisma's schema engine creates (checked against its WASM engine).
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export class MigrationError extends Error {
  override name = "MigrationError";
}

interface LocalMigration {
  name: string;
  sql: string;
  checksum: string;
}

/** Prisma's checksum: SHA-256 of migration.sql, lower-case hex. */
export function checksum(sql: string): string {
  return createHash("sha256").update(sql, "utf8").digest("hex");
}

export async function readMigrations(dir = migrationsDir): Promise<LocalMigration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: checksum(sql) };
    }),
  );
}

interface Row {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export async function migrate(url: string): Promise<{ applied: string[] }> {
  const migrations = await readMigrations();
  const client = new pg.Client({ connectionString: parseDatabaseUrl(url).connectionString });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_KEY]);
    try {
      await client.query(CREATE_TABLE);
      const { rows } = await client.query<Row>(
        `SELECT "migration_name", "checksum", "finished_at", "rolled_back_at" FROM "_prisma_migrations" ORDER BY "started_at"`,
      );
      // Rows marked rolled back are history only: Prisma ignores them and re-applies the migration.
      const live = rows.filter((r) => r.rolled_back_at === null);
      const failed = live.find((r) => r.finished_at === null);
      if (failed) {
        throw new MigrationError(
          `Migration ${failed.migration_name} is recorded as failed in _prisma_migrations. Fix the database by hand, then mark it with \`prisma migrate resolve --rolled-back ${failed.migration_name}\` (or --applied).`,
        );
      }
      const done = new Map(live.map((r) => [r.migration_name, r.checksum]));
      for (const m of migrations) {
        const recorded = done.get(m.name);
        if (recorded !== undefined && recorded !== m.checksum) {
          throw new MigrationError(
            `Migration ${m.name} was changed after it was applied (checksum ${recorded} in the database, ${m.checksum} on disk). Applied migrations must never be edited: restore the file and add a new migration instead.`,
          );
        }
      }
      const applied: string[] = [];
      for (const m of migrations.filter((x) => !done.has(x.name))) {
        await applyOne(client, m);
        applied.push(m.name);
      }
      return { applied };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

/** One migration, one transaction: its row appears only if all of its SQL did. */
async function applyOne(client: pg.Client, m: LocalMigration): Promise<void> {
  const id = randomUUID();
  await client.query("BEGIN");
  try {
    await client.query(
      `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at") VALUES ($1, $2, $3, clock_timestamp())`,
      [id, m.checksum, m.name],
    );
    await client.query(m.sql);
    await client.query(
      `UPDATE "_prisma_migrations" SET "applied_steps_count" = 1, "finished_at" = clock_timestamp() WHERE "id" = $1`,
      [id],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    const message = error instanceof Error ? error.message : String(error);
    // Keep Prisma's trail of the attempt (logs), already marked rolled back because
    // the transaction really did undo it: the next run may simply retry.
    await client.query(
      `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "logs", "rolled_back_at", "started_at") VALUES ($1, $2, $3, $4, clock_timestamp(), clock_timestamp())`,
      [id, m.checksum, m.name, message],
    );
    throw new MigrationError(`Migration ${m.name} failed and was rolled back: ${message}`);
  }
}
