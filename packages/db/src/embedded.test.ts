import { readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createDb, parseDatabaseUrl } from "./client";
import { startEmbeddedPostgres } from "./embedded";
import { migrate, migrationsDir } from "./migrate";
import { findApiToken } from "./sql";
import { createTestDatabase, defaultTestDatabaseKind } from "./testing";

/** Every migration folder, in the order the migrator applies them. */
const allMigrations = readdirSync(migrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

// PGlite only: runs once, in the pglite project.
describe.runIf(defaultTestDatabaseKind() === "pglite")("embedded postgres", () => {
  it("keeps data in dataDir across a stop and a restart", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "taskfort-pglite-"));
    try {
      const first = await startEmbeddedPostgres({ dataDir });
      expect(first.url).toMatch(
        /^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres\?connection_limit=1&pgbouncer=true$/,
      );
      expect(await migrate(first.url)).toEqual({ applied: allMigrations });
      const db = createDb(first.url);
      const user = await db.user.create({ data: { username: "Keeper", usernameKey: "keeper" } });
      await db.$disconnect();
      await first.stop();

      const second = await startEmbeddedPostgres({ dataDir });
      try {
        expect(await migrate(second.url)).toEqual({ applied: [] });
        const again = createDb(second.url);
        expect(await again.user.findUnique({ where: { id: user.id } })).toMatchObject({
          username: "Keeper",
        });
        await again.$disconnect();
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("without dataDir keeps nothing: a new instance starts empty", async () => {
    // A table of our own stands for "data" (migrating both instances would test the same, slower).
    const first = await startEmbeddedPostgres({});
    const db = createDb(first.url);
    await db.$executeRawUnsafe("CREATE TABLE keeper (id int)");
    expect(await db.$queryRaw`SELECT to_regclass('keeper')::text AS table`).toEqual([
      { table: "keeper" },
    ]);
    await db.$disconnect();
    await first.stop();
    const second = await startEmbeddedPostgres({});
    const again = createDb(second.url);
    try {
      expect(await again.$queryRaw`SELECT to_regclass('keeper')::text AS table`).toEqual([
        { table: null },
      ]);
    } finally {
      await again.$disconnect();
      await second.stop();
    }
  });

  it("two clients of one server (one shared session) run the same hot-path statement", async () => {
    const t = await createTestDatabase({ kind: "pglite" });
    const other = createDb(t.url);
    try {
      // Named prepared statements would collide here: the second client's "prepare" finds
      // the first one's name already taken in the one session.
      for (const db of [t.db, other, t.db])
        expect(await findApiToken(db, "0".repeat(64))).toBeNull();
    } finally {
      await other.$disconnect();
      await t.drop();
    }
  });

  it("its URL asks createDb for a pool of one connection and no named prepared statements", () => {
    expect(
      parseDatabaseUrl(
        "postgres://postgres@127.0.0.1:5/postgres?connection_limit=1&pgbouncer=true",
      ),
    ).toEqual({
      connectionString: "postgres://postgres@127.0.0.1:5/postgres",
      max: 1,
      prepare: false,
    });
    expect(parseDatabaseUrl("postgres://h/db")).toEqual({
      connectionString: "postgres://h/db",
      prepare: true,
    });
    expect(() => parseDatabaseUrl("postgres://h/db?connection_limit=0")).toThrow(
      /connection_limit/,
    );
  });
});
