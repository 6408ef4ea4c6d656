import pg from "pg";
import { describe, expect, it } from "vitest";
import { getEnv } from "@taskfort/config/env";
import { Prisma } from "./generated/prisma/client";
import { migrate, readMigrations } from "./migrate";
import { createTestDatabase, defaultTestDatabaseKind } from "./testing";

describe("test databases", () => {
  it("createDb on a fresh test database does CRUD, enforces uniqueness and cascades deletes", async () => {
    const t = await createTestDatabase();
    try {
      expect(t.kind).toBe(defaultTestDatabaseKind());
      const user = await t.db.user.create({ data: { username: "Alice", usernameKey: "alice" } });
      expect(user.role).toBe("USER");
      const task = await t.db.task.create({ data: { title: "Write tests", ownerId: user.id } });
      expect(task).toMatchObject({ description: "", completed: false });
      await t.db.task.update({ where: { id: task.id }, data: { completed: true } });
      const back = await t.db.user.findUniqueOrThrow({
        where: { id: user.id },
        include: { tasks: true },
      });
      expect(back.tasks.map((x) => [x.title, x.completed])).toEqual([["Write tests", true]]);

      const duplicate = t.db.user.create({ data: { username: "ALICE", usernameKey: "alice" } });
      await expect(duplicate).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
      await expect(duplicate).rejects.toMatchObject({ code: "P2002" });

      await t.db.user.delete({ where: { id: user.id } });
      expect(await t.db.task.count()).toBe(0);
    } finally {
      await t.drop();
    }
  });

  it.each(["pglite", ...(getEnv().DATABASE_URL ? ["postgres" as const] : [])] as const)(
    "%s: a test database is a copy of a template holding every migration (migrate() finds nothing to apply)",
    async (kind) => {
      const t = await createTestDatabase({ kind });
      try {
        expect(await migrate(t.url)).toEqual({ applied: [] });
        const rows = await t.db.$queryRaw<{ migration_name: string }[]>`
          SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1`;
        expect(rows.map((r) => r.migration_name)).toEqual(
          (await readMigrations()).map((m) => m.name),
        );
      } finally {
        await t.drop();
      }
    },
  );

  it.runIf(defaultTestDatabaseKind() === "postgres")(
    "postgres: the template database is marked a template and takes no connections (nothing can change it after it is made)",
    async () => {
      const t = await createTestDatabase({ kind: "postgres" });
      await t.drop();
      const admin = new pg.Client({ connectionString: getEnv().DATABASE_URL });
      await admin.connect();
      try {
        const { rows } = await admin.query<{ datistemplate: boolean; datallowconn: boolean }>(
          "SELECT datistemplate, datallowconn FROM pg_database WHERE datname LIKE 'taskfort_tpl_%' AND datname NOT LIKE '%_building'",
        );
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows) expect(row).toEqual({ datistemplate: true, datallowconn: false });
      } finally {
        await admin.end();
      }
    },
  );

  it.runIf(defaultTestDatabaseKind() === "postgres")(
    "postgres: drop() removes the database",
    async () => {
      const t = await createTestDatabase({ kind: "postgres" });
      const name = new URL(t.url).pathname.slice(1);
      expect(name).toMatch(/^taskfort_t_[0-9a-f]{12}$/);
      await t.drop();
      const admin = new pg.Client({ connectionString: getEnv().DATABASE_URL });
      await admin.connect();
      try {
        const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [
          name,
        ]);
        expect(rowCount).toBe(0);
      } finally {
        await admin.end();
      }
    },
  );
});
