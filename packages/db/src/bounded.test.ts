import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StatementTimeoutError, withStatementTimeout } from "./bounded";
import { createTestDatabase, defaultTestDatabaseKind, type TestDatabase } from "./testing";

describe("withStatementTimeout and the search indexes", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.drop();
  });

  // PGlite (WASM, one session, no timer signals) accepts the setting but never cancels: the
  // timeout is a production-database guard; the embedded database serialises every query anyway.
  it.skipIf(defaultTestDatabaseKind() !== "postgres")(
    "bounded: a statement past the timeout is cancelled and rejects with StatementTimeoutError",
    async () => {
      const slow = withStatementTimeout(t.db, 50, (sql) =>
        sql.query("SELECT 1 AS n FROM pg_sleep(1.5)", []),
      );
      await expect(slow).rejects.toBeInstanceOf(StatementTimeoutError);
      // The setting was local to that transaction: the pooled connection keeps no timeout.
      const [row] = await t.db.$queryRaw<{ statement_timeout: string }[]>`SHOW statement_timeout`;
      expect(row?.statement_timeout).toBe("0");
    },
  );

  it("bounded: a read within the timeout returns its result", async () => {
    const rows = await withStatementTimeout(t.db, 5_000, (sql) =>
      sql.query<{ n: number }>("SELECT 1 AS n", []),
    );
    expect(rows).toEqual([{ n: 1 }]);
  });

  it("migrations: pg_trgm and the trigram indexes on title and description exist", async () => {
    const ext = await t.db.$queryRaw<
      { extname: string }[]
    >`SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'`;
    expect(ext).toEqual([{ extname: "pg_trgm" }]);
    const indexes = await t.db.$queryRaw<{ indexname: string; indexdef: string }[]>`
      SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'Task' AND indexname LIKE '%trgm%' ORDER BY indexname`;
    expect(indexes.map((i) => i.indexname)).toEqual([
      "Task_description_trgm_idx",
      "Task_title_trgm_idx",
    ]);
    expect(indexes.every((i) => i.indexdef.includes("gin_trgm_ops"))).toBe(true);
  });
});
