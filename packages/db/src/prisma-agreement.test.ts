// `prisma migrate deploy` / `prisma migrate status` need Prisma's native schema engine, which
// cannot be downloaded here. Prisma ships the same engine as WASM: driven over a pg adapter it
// answers exactly what those commands would, so this checks that migrate() and Prisma agree
// on the bookkeeping (table, checksums, finished rows) in both directions.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as engineGlue from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDatabaseUrl } from "./client";
import { migrate, migrationsDir, readMigrations } from "./migrate";
import { createTestDatabase, type TestDatabase } from "./testing";

const require = createRequire(import.meta.url);
// Node has WebAssembly, but lib ES2023 + @types/node declare it only as a type namespace.
const wasm = (
  globalThis as unknown as {
    WebAssembly: {
      instantiate(
        bytes: Uint8Array,
        imports: object,
      ): Promise<{ instance: { exports: Record<string, unknown> } }>;
    };
  }
).WebAssembly;

async function loadSchemaEngine(): Promise<typeof engineGlue.SchemaEngine> {
  // The package's entry imports the .wasm as an ES module (needs a Node flag); instantiate it by hand instead.
  const wasmPath = join(
    dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")),
    "schema_engine_bg.wasm",
  );
  const { instance } = await wasm.instantiate(await readFile(wasmPath), {
    "./schema_engine_bg.js": engineGlue,
  });
  engineGlue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return engineGlue.SchemaEngine;
}

/**
 * The pg adapter as the WASM engine uses it, except that a migration script is sent whole.
 * The adapter splits scripts at every ";", which breaks a function body (the task_count
 * migration's trigger); the native engine behind `prisma migrate deploy` sends the script as
 * one simple query, as migrate() does, and that is what this file stands in for.
 */
class WholeScripts extends PrismaPg {
  constructor(private readonly scriptPool: pg.Pool) {
    super(scriptPool);
  }
  override async connect() {
    const adapter = await super.connect();
    return Object.assign(adapter, {
      executeScript: async (script: string) => {
        await this.scriptPool.query(script);
      },
    });
  }
}

let t: TestDatabase;
let pool: pg.Pool;
let engine: engineGlue.SchemaEngine;

beforeAll(async () => {
  t = await createTestDatabase();
  pool = new pg.Pool({ connectionString: parseDatabaseUrl(t.url).connectionString, max: 1 });
  const schema = await readFile(join(migrationsDir, "../schema.prisma"), "utf8");
  const SchemaEngine = await loadSchemaEngine();
  engine = await SchemaEngine.new(
    { datamodels: [["schema.prisma", schema]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(new WholeScripts(pool)),
  );
});
afterAll(async () => {
  engine?.free();
  await pool?.end();
  await t?.drop();
});

async function migrationsList(): Promise<engineGlue.MigrationList> {
  const local = await readMigrations();
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: "migration_lock.toml",
      content: await readFile(join(migrationsDir, "migration_lock.toml"), "utf8"),
    },
    shadowDbInitScript: "",
    migrationDirectories: local.map((m) => ({
      path: m.name,
      migrationFile: { path: "migration.sql", content: { tag: "ok", value: m.sql } },
    })),
  };
}

const filters = { externalTables: [], externalEnums: [] };

describe("prisma's schema engine agrees with migrate()", () => {
  it("prisma migrate status: a database migrated offline is in sync, nothing edited or failed", async () => {
    const status = await engine.diagnoseMigrationHistory({
      migrationsList: await migrationsList(),
      optInToShadowDatabase: false,
      filters,
    });
    expect(status).toMatchObject({
      history: null,
      failedMigrationNames: [],
      editedMigrationNames: [],
      hasMigrationsTable: true,
    });
  });

  it("prisma migrate deploy applies nothing on a database migrated offline", async () => {
    expect(
      await engine.applyMigrations({ migrationsList: await migrationsList(), filters }),
    ).toEqual({ appliedMigrationNames: [] });
  });

  it("prisma migrate status notices an edited migration by its checksum", async () => {
    const list = await migrationsList();
    const first = list.migrationDirectories[0]!;
    first.migrationFile.content = {
      tag: "ok",
      value: `${(first.migrationFile.content as { value: string }).value}-- edited\n`,
    };
    const status = await engine.diagnoseMigrationHistory({
      migrationsList: list,
      optInToShadowDatabase: false,
      filters,
    });
    expect(status.editedMigrationNames).toEqual([first.path]);
  });

  it("migrate() finds nothing to do on a database prisma migrate deploy set up", async () => {
    await pool.query(`DROP SCHEMA public CASCADE; CREATE SCHEMA public;`);
    const local = await readMigrations();
    expect(
      await engine.applyMigrations({ migrationsList: await migrationsList(), filters }),
    ).toEqual({ appliedMigrationNames: local.map((m) => m.name) });
    // The engine keeps its advisory lock (Prisma's key, which migrate() shares) on the pooled
    // session; the CLI would have exited. Release it, or migrate() waits for the pool to idle out.
    await pool.query("SELECT pg_advisory_unlock_all()");
    expect(await migrate(t.url)).toEqual({ applied: [] });
  });
});
