// Postgres failing under load, against `npm start`: its connections killed
// (pg_terminate_backend on the app's own database), the whole server stopped and started
// again, and the whole server hung (SIGSTOP, then SIGCONT; both on a Postgres this test runs
// itself). Bounds held: every request is answered within
// REQUEST_BOUND_MS (no hang), with a 2xx or the 503 envelope (no 500, no stack);
// /api/health says the database is down; service is back within 5 s of Postgres; every
// acknowledged write is stored, none twice, none half (a task without its label).
import pg from "pg";
import { describe, expect, it } from "vitest";
import { getEnv } from "@taskfort/config/env";
import { createTestDatabase } from "@taskfort/db/testing";
import { migrate } from "@taskfort/db/migrate";
import { startWebServer } from "../server";
import {
  checkWrites,
  missingServiceReason,
  mixedLoad,
  notUnavailableEnvelope,
  sleep,
  tokenUser,
  UNLIMITED,
  unexpectedAnswers,
  useCleanups,
} from "./helpers";
import {
  elapsed,
  RECOVERY_BOUND_MS,
  REQUEST_BOUND_MS,
  seconds,
  startLoad,
  waitUntil,
  type Load,
  type Outcome,
} from "./load";
import { createPgCluster, pgClusterSkipReason, type PgCluster } from "./pg-cluster";
import { reportBound } from "./report";

const cleanup = useCleanups();

const isCreated = (o: Outcome) => o.tag === "create" && o.status === 201;

function summarize(outcomes: Outcome[]) {
  const unavailable = outcomes.filter((o) => o.status === 503 && o.tag !== "health");
  return {
    total: outcomes.length,
    unavailable: unavailable.length,
    slowestUnavailable: Math.max(0, ...unavailable.map(elapsed)),
    slowest: Math.max(0, ...outcomes.map(elapsed)),
  };
}

function expectCleanAnswers(outcomes: Outcome[]) {
  const bad = unexpectedAnswers(outcomes);
  expect(
    bad.slice(0, 5).map((o) => `${o.tag}: ${o.status ?? o.error} ${o.text ?? ""}`),
    `${bad.length} answers that are neither 2xx nor the 503 envelope`,
  ).toEqual([]);
}

/** The app on `databaseUrl` under the mixed load (six clients), once 20 creates went through. */
async function underLoad(databaseUrl: string): Promise<{ load: Load; url: string }> {
  const server = await startWebServer({ env: { DATABASE_URL: databaseUrl, ...UNLIMITED } });
  cleanup(() => server.stop());
  const { token } = await tokenUser(server.url);
  const load = startLoad({
    port: server.port,
    clients: 6,
    next: mixedLoad(token),
    maxRequests: 4_000,
    maxMs: 60_000,
    paceMs: 10,
  });
  expect(await waitUntil(() => load.outcomes.filter(isCreated).length >= 20, 15_000)).toBe(true);
  return { load, url: server.url };
}

/**
 * After a fault ends at `since`: waits for the first create started after it to succeed (within
 * RECOVERY_BOUND_MS), lets the load run a second more, stops it, and checks that the service
 * recovered for good (nothing started after that first success failed again) and that no
 * acknowledged write is lost, half done or stored twice.
 */
async function expectRecovery(load: Load, since: number, databaseUrl: string) {
  const startedAfter = (o: Outcome) => isCreated(o) && o.startedAt > since;
  const back = await waitUntil(() => load.outcomes.some(startedAfter), RECOVERY_BOUND_MS);
  const recoveredAt = Math.min(...load.outcomes.filter(startedAfter).map((o) => o.endedAt));
  await sleep(1_000);
  const outcomes = await load.stop();
  expectCleanAnswers(outcomes);
  expect(back, `a create succeeded within ${RECOVERY_BOUND_MS} ms of the fault's end`).toBe(true);
  const relapses = outcomes.filter(
    (o) => o.tag !== "health" && o.startedAt > recoveredAt && (o.status ?? 500) >= 300,
  );
  expect(relapses.map((o) => `${o.tag} ${o.status}`)).toEqual([]);
  const writes = await checkWrites(databaseUrl, outcomes);
  expect(writes.lost).toEqual([]);
  expect(writes.halfDone).toEqual([]);
  expect(writes.duplicated).toEqual([]);
  return { outcomes, recovered: recoveredAt - since, writes };
}

/** A Postgres server of this test's own, running, with a migrated database "taskfort". */
async function clusterDatabase(): Promise<{ cluster: PgCluster; databaseUrl: string }> {
  const cluster = await createPgCluster();
  cleanup(() => cluster.destroy());
  await cluster.start();
  const bootstrap = new pg.Client({ connectionString: cluster.url() });
  await bootstrap.connect();
  await bootstrap.query('CREATE DATABASE "taskfort"');
  await bootstrap.end();
  const databaseUrl = cluster.url("taskfort");
  await migrate(databaseUrl);
  return { cluster, databaseUrl };
}

const noPostgres = missingServiceReason("DATABASE_URL", Boolean(getEnv().DATABASE_URL));
const noCluster = pgClusterSkipReason();

describe("faults: Postgres", () => {
  it.skipIf(noPostgres !== null)(
    "postgres backends killed under load: answers are 2xx or 503 envelopes, service comes back by itself, no acknowledged write is lost or half done",
    async () => {
      const database = await createTestDatabase({ kind: "postgres" });
      cleanup(() => database.drop());
      const { load } = await underLoad(database.url);
      const name = new URL(database.url).pathname.slice(1);
      const admin = new pg.Client({ connectionString: getEnv().DATABASE_URL });
      await admin.connect();
      cleanup(() => admin.end());
      let killed = 0;
      for (let round = 0; round < 5; round++) {
        const { rowCount } = await admin.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
          [name],
        );
        killed += rowCount ?? 0;
        await sleep(300);
      }
      const lastKill = performance.now();
      expect(killed, "connections terminated").toBeGreaterThan(0);
      const { outcomes, recovered, writes } = await expectRecovery(load, lastKill, database.url);
      const s = summarize(outcomes);
      reportBound(
        `postgres backends killed (${killed} connections in 5 rounds, ${s.total} requests): ${s.unavailable} × 503 (slowest answered in ${seconds(s.slowestUnavailable)}, bound ${seconds(REQUEST_BOUND_MS)}), 0 × 500, recovered ${seconds(recovered)} after the last kill (bound ${seconds(RECOVERY_BOUND_MS)}), ${writes.acknowledged} acknowledged writes, 0 lost, 0 half done, ${writes.storedDespiteError} stored although answered with an error`,
      );
    },
  );

  it.skipIf(noCluster !== null)(
    "postgres stopped and started under load: 503 envelopes during the outage, /api/health reports db down, recovery within 5 s, no acknowledged write lost",
    async () => {
      const { cluster, databaseUrl } = await clusterDatabase();
      const { load } = await underLoad(databaseUrl);

      const stopping = performance.now();
      await cluster.stop();
      const stopped = performance.now();
      const after = (o: Outcome, t: number) => o.startedAt > t;
      expect(
        await waitUntil(
          () =>
            load.outcomes.some(
              (o) => after(o, stopped) && o.tag === "create" && o.status === 503,
            ) &&
            load.outcomes.some((o) => after(o, stopped) && o.tag === "health" && o.status === 503),
          REQUEST_BOUND_MS,
        ),
        "creates and /api/health answer 503 while Postgres is down",
      ).toBe(true);
      const firstUnavailable =
        Math.min(
          ...load.outcomes
            .filter((o) => after(o, stopping) && o.tag === "create" && o.status === 503)
            .map((o) => o.endedAt),
        ) - stopping;
      // The outage lasts a while under load, then Postgres comes back (crash recovery from the WAL).
      await sleep(1_500);
      const restarting = performance.now();
      await cluster.start();
      const started = performance.now();
      const { outcomes, recovered, writes } = await expectRecovery(load, started, databaseUrl);

      const down = outcomes.filter(
        (o) =>
          o.tag === "health" && o.status === 503 && after(o, stopped) && o.endedAt < restarting,
      );
      expect(down.length).toBeGreaterThan(0);
      for (const o of down) expect(JSON.parse(o.text!)).toMatchObject({ db: "down" });
      const duringOutage = outcomes.filter(
        (o) => o.tag !== "health" && after(o, stopped) && o.endedAt < restarting,
      );
      expect(duringOutage.length).toBeGreaterThan(0);
      for (const o of duringOutage) expect(notUnavailableEnvelope(o), o.text).toBeNull();
      const s = summarize(outcomes);
      reportBound(
        `postgres stop/start (pg_ctl -m immediate, outage ${seconds(started - stopping)}, ${s.total} requests): first 503 ${seconds(firstUnavailable)} after the stop, every outage answer a 503 envelope (${duringOutage.length}; slowest ${seconds(s.slowestUnavailable)}, bound ${seconds(REQUEST_BOUND_MS)}), /api/health 503 db down, 0 × 500, recovered ${seconds(recovered)} after Postgres was back (bound ${seconds(RECOVERY_BOUND_MS)}), ${writes.acknowledged} acknowledged writes, 0 lost, 0 half done, ${writes.storedDespiteError} stored although answered with an error`,
      );
    },
  );
  it.skipIf(noCluster !== null)(
    "postgres hangs under load (every process SIGSTOPped): each request answered within the bound by a 2xx or the 503 envelope, /api/health reports db down, recovery within 5 s of the thaw, no acknowledged write lost",
    async () => {
      const { cluster, databaseUrl } = await clusterDatabase();
      // The database waits, shortened from their 15 s default so that they fall inside the
      // load's own bound (REQUEST_BOUND_MS): a request that got no answer by then counts as a hang.
      const waitSeconds = 1;
      const { load, url } = await underLoad(
        `${databaseUrl}?connect_timeout=${waitSeconds}&socket_timeout=${waitSeconds}`,
      );

      const freezing = performance.now();
      cluster.freeze();
      const after = (o: Outcome, t: number) => o.startedAt > t;
      // Once every pooled connection is stuck in a statement, a probe of the server's health.
      await sleep(waitSeconds * 1000);
      const probing = performance.now();
      const probe = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(30_000) });
      const health = {
        status: probe.status,
        body: (await probe.json()) as unknown,
        ms: performance.now() - probing,
      };
      // Long enough for the pooled connections to be given up on, and new ones tried and
      // given up on in turn, a few times over.
      await sleep(Math.max(0, freezing + 4 * waitSeconds * 1000 - performance.now()));
      const thawing = performance.now();
      cluster.thaw();
      const { outcomes, recovered, writes } = await expectRecovery(load, thawing, databaseUrl);

      // Without the waits, the requests of the freeze hung past REQUEST_BOUND_MS, unanswered
      // (expectRecovery's clean answers).
      const duringFreeze = outcomes.filter(
        (o) => o.tag !== "health" && after(o, freezing + 500) && o.endedAt < thawing,
      );
      expect(duringFreeze.length, "requests answered while Postgres hung").toBeGreaterThan(0);
      for (const o of duringFreeze) expect(notUnavailableEnvelope(o), o.text).toBeNull();
      expect(health.status, "/api/health while Postgres hung").toBe(503);
      expect(health.body).toMatchObject({ db: "down" });
      expect(health.ms).toBeLessThan(REQUEST_BOUND_MS);
      const s = summarize(outcomes);
      reportBound(
        `postgres hung (SIGSTOP for ${seconds(thawing - freezing)}, database waits ${waitSeconds} s, ${s.total} requests): ${duringFreeze.length} answers during the freeze, every one a 503 envelope (slowest ${seconds(s.slowestUnavailable)}, bound ${seconds(REQUEST_BOUND_MS)}), /api/health 503 db down in ${seconds(health.ms)}, 0 × 500, recovered ${seconds(recovered)} after the thaw (bound ${seconds(RECOVERY_BOUND_MS)}), ${writes.acknowledged} acknowledged writes, 0 lost, 0 half done, ${writes.storedDespiteError} stored although answered with an error`,
      );
    },
  );
});
