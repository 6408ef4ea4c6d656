import { get_dmmf } from "@prisma/prisma-schema-wasm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDatabaseUrl } from "./client";
import { Role } from "./generated/prisma/client";
import { migrate, readMigrations } from "./migrate";
import { createTestDatabase, defaultTestDatabaseKind, type TestDatabase } from "./testing";

interface DmmfField {
  name: string;
  kind: string;
  type: string;
  isList: boolean;
  isRequired: boolean;
}
interface Dmmf {
  datamodel: {
    models: { name: string; dbName: string | null; fields: DmmfField[] }[];
    enums: { name: string; values: { name: string }[] }[];
    indexes: {
      model: string;
      type: "id" | "unique" | "normal" | "fulltext";
      fields: { name: string }[];
    }[];
  };
}
interface RuntimeDataModel {
  models: Record<string, { fields: { name: string; kind: string; type: string }[] }>;
}

// Postgres types Prisma uses for its scalars (udt_name in information_schema).
const UDT: Record<string, string> = {
  String: "text",
  Boolean: "bool",
  Int: "int4",
  BigInt: "int8",
  Float: "float8",
  Decimal: "numeric",
  DateTime: "timestamp",
  Json: "jsonb",
  Bytes: "bytea",
};

let t: TestDatabase;
let sql: pg.Client;

beforeAll(async () => {
  t = await createTestDatabase();
  sql = new pg.Client({ connectionString: parseDatabaseUrl(t.url).connectionString });
  await sql.connect();
});
afterAll(async () => {
  await sql?.end();
  await t?.drop();
});

async function rows<T extends pg.QueryResultRow>(
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  return (await sql.query<T>(text, values)).rows;
}

/** Everything migrations decide about the public schema, in a stable order. */
async function schemaDump() {
  return {
    columns:
      await rows(`SELECT table_name, column_name, udt_name, is_nullable, column_default, datetime_precision
      FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name`),
    indexes: await rows(
      `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname`,
    ),
    constraints:
      await rows(`SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY conname`),
    enums: await rows(
      `SELECT t.typname, e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid ORDER BY t.typname, e.enumsortorder`,
    ),
  };
}

/** Index columns (in order) and kind, per table, as the database has them. */
/**
 * The indexes schema.prisma declares, as the database has them. Partial indexes are left out:
 * Prisma's schema cannot declare them, so they live in migrations only (partialIndexes() lists them).
 */
async function dbIndexes() {
  const list = await rows<{
    tbl: string;
    cols: string[];
    indisunique: boolean;
    indisprimary: boolean;
  }>(
    `SELECT c.relname AS tbl, i.indisunique, i.indisprimary,
       array(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY k(attnum, n)
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.n) AS cols
     FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE c.relnamespace = 'public'::regnamespace AND c.relname <> '_prisma_migrations' AND i.indpred IS NULL`,
  );
  return list.map(
    (r) =>
      `${r.tbl}(${r.cols.join(",")}) ${r.indisprimary ? "id" : r.indisunique ? "unique" : "normal"}`,
  );
}

describe("migrations: a fresh database migrated offline", () => {
  it("has every model and field the generated client knows, with the client's types and nullability", async () => {
    const client = t.db as unknown as {
      _engineConfig: { inlineSchema: string };
      _runtimeDataModel: RuntimeDataModel;
    };
    // The schema the client was generated from (inlined in it), parsed by Prisma's own parser.
    const dmmf = JSON.parse(
      get_dmmf(
        JSON.stringify({ prismaSchema: [["schema.prisma", client._engineConfig.inlineSchema]] }),
      ),
    ) as Dmmf;
    const runtime = client._runtimeDataModel;
    expect(Object.keys(runtime.models).sort()).toEqual(
      dmmf.datamodel.models.map((m) => m.name).sort(),
    );

    const columns = await rows<{
      table_name: string;
      column_name: string;
      udt_name: string;
      is_nullable: string;
      datetime_precision: number | null;
    }>(
      `SELECT table_name, column_name, udt_name, is_nullable, datetime_precision FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const enumNames = new Set(dmmf.datamodel.enums.map((e) => e.name));
    let checked = 0;
    for (const model of dmmf.datamodel.models) {
      const table = model.dbName ?? model.name;
      const runtimeFields = runtime.models[model.name]!.fields.filter((f) => f.kind !== "object");
      const fields = model.fields.filter((f) => f.kind !== "object");
      expect(
        runtimeFields.map((f) => `${f.name}:${f.type}`),
        model.name,
      ).toEqual(fields.map((f) => `${f.name}:${f.type}`));
      for (const field of fields) {
        const column = columns.find((c) => c.table_name === table && c.column_name === field.name);
        const base = enumNames.has(field.type) ? field.type : UDT[field.type];
        expect(column, `${table}.${field.name}`).toMatchObject({
          udt_name: field.isList ? `_${base}` : base,
          // Prisma stores lists as nullable arrays; everything else follows `?`.
          is_nullable: field.isRequired && !field.isList ? "NO" : "YES",
        });
        if (field.type === "DateTime")
          expect(column!.datetime_precision, `${table}.${field.name}`).toBe(3);
        checked++;
      }
      // No column the client does not know about (it could not write a NOT NULL one).
      expect(
        columns
          .filter((c) => c.table_name === table)
          .map((c) => c.column_name)
          .sort(),
        table,
      ).toEqual(fields.map((f) => f.name).sort());
    }
    expect(checked).toBeGreaterThan(30);
  });

  it("has every enum value the client knows", async () => {
    const labels = await rows<{ enumlabel: string }>(
      `SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = 'Role' ORDER BY e.enumsortorder`,
    );
    expect(labels.map((l) => l.enumlabel)).toEqual(Object.values(Role));
  });

  it("has every id, unique and index the schema declares", async () => {
    const client = t.db as unknown as { _engineConfig: { inlineSchema: string } };
    const dmmf = JSON.parse(
      get_dmmf(
        JSON.stringify({ prismaSchema: [["schema.prisma", client._engineConfig.inlineSchema]] }),
      ),
    ) as Dmmf;
    const expected = dmmf.datamodel.indexes.map(
      (i) => `${i.model}(${i.fields.map((f) => f.name).join(",")}) ${i.type}`,
    );
    expect(expected).toContain("User(usernameKey) unique");
    expect((await dbIndexes()).sort()).toEqual(expected.sort());
  });

  it("has the partial indexes only migrations can declare", async () => {
    const partial = await rows<{ name: string }>(
      `SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
       WHERE c.relnamespace = 'public'::regnamespace AND i.indpred IS NOT NULL`,
    );
    expect(partial.map((r) => r.name).sort()).toEqual([
      "AuditEvent_overview_idx",
      "AuditEvent_overview_repeats_idx",
    ]);
  });

  it("records each migration the way Prisma does", async () => {
    const local = await readMigrations();
    const recorded = await rows(`SELECT * FROM "_prisma_migrations" ORDER BY started_at`);
    expect(recorded).toEqual(
      local.map((m) =>
        expect.objectContaining({
          id: expect.stringMatching(
            /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
          ),
          migration_name: m.name,
          checksum: m.checksum,
          finished_at: expect.any(Date),
          logs: null,
          rolled_back_at: null,
          started_at: expect.any(Date),
          applied_steps_count: 1,
        }),
      ),
    );
    // The init checksum as Prisma's own engine recorded it for this file (sha256sum agrees).
    expect(local[0]).toMatchObject({
      name: "20261122043000_init",
      checksum: "b8ffe15b8ca68a971b3052dbf973f9aa63e4a18cf12792f06aacebb0fe89cd02",
    });
  });

  it("running migrate again applies nothing and changes nothing", async () => {
    const schemaBefore = await schemaDump();
    const historyBefore = await rows(`SELECT * FROM "_prisma_migrations" ORDER BY id`);
    expect(await migrate(t.url)).toEqual({ applied: [] });
    expect(await schemaDump()).toEqual(schemaBefore);
    expect(await rows(`SELECT * FROM "_prisma_migrations" ORDER BY id`)).toEqual(historyBefore);
    expect(schemaBefore.columns.length).toBeGreaterThan(30);
  });

  it("refuses to run when an applied migration's checksum changed", async () => {
    const [first] = await rows<{ id: string; checksum: string }>(
      `SELECT id, checksum FROM "_prisma_migrations" LIMIT 1`,
    );
    await sql.query(`UPDATE "_prisma_migrations" SET checksum = $1 WHERE id = $2`, [
      "0".repeat(64),
      first!.id,
    ]);
    try {
      await expect(migrate(t.url)).rejects.toThrow(/was changed after it was applied/);
    } finally {
      await sql.query(`UPDATE "_prisma_migrations" SET checksum = $1 WHERE id = $2`, [
        first!.checksum,
        first!.id,
      ]);
    }
    expect(await migrate(t.url)).toEqual({ applied: [] });
  });

  it("refuses to run while a failed migration is recorded", async () => {
    await sql.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs) VALUES ('failed-row', $1, '29991231000000_broken', 'boom')`,
      ["1".repeat(64)],
    );
    try {
      await expect(migrate(t.url)).rejects.toThrow(/29991231000000_broken is recorded as failed/);
    } finally {
      await sql.query(`DELETE FROM "_prisma_migrations" WHERE id = 'failed-row'`);
    }
  });

  // Real Postgres only: PGlite is one session, where an advisory lock excludes nobody (and one process owns it anyway).
  it.runIf(defaultTestDatabaseKind() === "postgres")(
    "two concurrent runs on an empty database apply each migration exactly once",
    async () => {
      await sql.query(`DROP SCHEMA public CASCADE; CREATE SCHEMA public;`);
      const names = (await readMigrations()).map((m) => m.name);
      const results = await Promise.all([migrate(t.url), migrate(t.url)]);
      expect(results.map((r) => r.applied).sort((a, b) => b.length - a.length)).toEqual([
        names,
        [],
      ]);
      expect(
        await rows(`SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`),
      ).toEqual(names.map((migration_name) => ({ migration_name })));
    },
  );
});
