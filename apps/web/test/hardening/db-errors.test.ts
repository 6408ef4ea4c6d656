// Database failures in production mode: whatever breaks underneath, the client gets an
// envelope with its request id and no Prisma, SQL or stack text: the generic 500 for a
// query that fails (a missing table), a 503 that says to try again when the database itself
// is away (refuses or cuts connections), so clients and load balancers can tell the two apart.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASE_UNAVAILABLE_MESSAGE,
  GENERIC_INTERNAL_MESSAGE,
  UNAVAILABLE_RETRY_SECONDS,
} from "@taskfort/api";
import { getEnv } from "@taskfort/config/env";
import { call, expectEnvelope, newUser, type User } from "../rest/helpers";
import {
  linesFor,
  send,
  startHardenedApp,
  trpcMutation,
  trpcQuery,
  type Answer,
  type HardenedApp,
} from "./helpers";

let app: HardenedApp;
let user: User;

beforeAll(async () => {
  app = await startHardenedApp();
  user = await newUser(app, "dberr");
});

afterAll(async () => {
  await app?.stop();
});

const LEAKS = [
  /prisma/i,
  /P\d{4}/,
  /\b(select|insert|update|delete)\b.*\b(from|into|set)\b/i,
  /relation|column|constraint|violat|ECONN|postgres|pglite|database/i,
  /"Task"|"User"|"ApiToken"/,
  /\bat \S+ \(|\.(ts|js|mjs):\d+/,
  /stack/i,
];

function expectEnvelopeWithoutLeaks(
  res: Answer,
  what: string,
  status: number,
  code: string,
  message: string,
): string {
  expect(res.status, `${what}: ${res.text}`).toBe(status);
  for (const leak of LEAKS) expect(res.text, `${what} leaks ${leak}`).not.toMatch(leak);
  const requestId = res.headers.get("x-request-id");
  const error = res.body.error.data ?? res.body.error;
  expect(error).toMatchObject({ code, message, requestId });
  if (res.body.error.data) expect(res.body.error.message).toBe(message);
  return requestId!;
}

const expectGeneric = (res: Answer, what: string) =>
  expectEnvelopeWithoutLeaks(res, what, 500, "INTERNAL_SERVER_ERROR", GENERIC_INTERNAL_MESSAGE);

const expectUnavailable = (res: Answer, what: string) => {
  expectEnvelopeWithoutLeaks(res, what, 503, "SERVICE_UNAVAILABLE", DATABASE_UNAVAILABLE_MESSAGE);
  // When to come back, as every 503 says.
  expect(res.headers.get("retry-after"), what).toBe(String(UNAVAILABLE_RETRY_SECONDS));
};

describe("database errors (production)", () => {
  it("db errors: a missing table gives the generic envelope on tRPC and REST, with no Prisma, SQL or stack text", async () => {
    await app.database.db.$executeRawUnsafe('ALTER TABLE "Task" RENAME TO "Task_broken"');
    try {
      const ids = [
        expectGeneric(await call(app, "GET", "/tasks", { token: user.token }), "REST list"),
        expectGeneric(
          await call(app, "POST", "/tasks", {
            token: user.token,
            body: { title: "Into the void" },
          }),
          "REST create",
        ),
        expectGeneric(
          await trpcQuery(app, "task.list", {}, { authorization: `Bearer ${user.token}` }),
          "tRPC list",
        ),
        expectGeneric(
          await trpcMutation(
            app,
            "task.create",
            { title: "Into the void" },
            { authorization: `Bearer ${user.token}` },
          ),
          "tRPC create",
        ),
      ];
      // The log keeps the detail for the operators, under the request id the client was given.
      for (const id of ids) {
        expect((await linesFor(app, id, (l) => l.msg === "request"))[0]).toMatchObject({
          status: 500,
          level: "error",
        });
        const failure = await linesFor(app, id, (l) => l.msg === "procedure failed");
        expect(failure, id).toHaveLength(1);
        expect(JSON.stringify(failure[0])).toMatch(/Task/);
      }
    } finally {
      await app.database.db.$executeRawUnsafe('ALTER TABLE "Task_broken" RENAME TO "Task"');
    }
    expect((await call(app, "GET", "/tasks", { token: user.token })).status).toBe(200);
  });

  it("db errors: known Prisma cases are mapped: a unique violation is 409 CONFLICT", async () => {
    const res = await call(app, "POST", "/auth/register", {
      body: { username: user.username, password: "a perfectly decent passphrase 7" },
    });
    expectEnvelope(res, 409, "CONFLICT");
  });

  // Refusing connections is a server-side switch of real Postgres; PGlite has no equivalent.
  it.skipIf(!getEnv().DATABASE_URL)(
    "db errors: a database that refuses connections answers 503 SERVICE_UNAVAILABLE, not 500 (the context cannot even authenticate), and serves again once it accepts them [needs DATABASE_URL]",
    async () => {
      expect(app.database.kind).toBe("postgres");
      const name = new URL(app.database.url).pathname.slice(1);
      const server = new URL(app.database.url);
      server.pathname = "/postgres";
      const client = new pg.Client({ connectionString: server.toString() });
      await client.connect();
      try {
        await client.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
        await client.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
          [name],
        );
        expectUnavailable(
          await call(app, "GET", "/tasks", { token: user.token }),
          "REST while down",
        );
        expectUnavailable(
          await trpcQuery(app, "task.list", {}, { authorization: `Bearer ${user.token}` }),
          "tRPC while down",
        );
        const health = await send(`${app.server.url}/api/health`);
        expect(health.status).toBe(503);
        expect(health.body).toMatchObject({ db: "down" });
      } finally {
        await client.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
        await client.end();
      }
      await expect
        .poll(async () => (await call(app, "GET", "/tasks", { token: user.token })).status, {
          timeout: 15_000,
        })
        .toBe(200);
    },
  );
});
