// The production server purges expired trash by itself: server/http-server.ts (and, for a bare
// `next start`, instrumentation-node.ts) starts packages/api's housekeeping in the server
// process, which runs a round at start-up.
import { afterAll, expect, it } from "vitest";
import { createTestDatabase } from "@taskfort/db/testing";
import { startWebServer, type WebServer } from "./server";

const DAY = 24 * 60 * 60 * 1000;
let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let server: WebServer | undefined;

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

it("housekeeping: a started server purges trash older than 30 days without any request, and keeps younger trash", async () => {
  database = await createTestDatabase();
  const { db } = database;
  const owner = await db.user.create({ data: { username: "keeper", usernameKey: "keeper" } });
  const trashed = (title: string, days: number) =>
    db.task.create({
      data: { ownerId: owner.id, title, deletedAt: new Date(Date.now() - days * DAY) },
    });
  const old = await trashed("Deleted 31 days ago", 31);
  const young = await trashed("Deleted 29 days ago", 29);

  server = await startWebServer({ env: { DATABASE_URL: database.url } });
  await expect
    .poll(() => db.task.findUnique({ where: { id: old.id } }), { timeout: 20_000 })
    .toBeNull();
  expect(await db.task.findUnique({ where: { id: young.id } })).not.toBeNull();
}, 120_000);
