// SIGTERM while `npm start` is under load. Bounds held: every request written before the signal
// gets a complete HTTP answer (none dropped); every request after it either gets a complete
// answer or is refused at the connection (the listener is closed); no 500; every write that was
// acknowledged is stored; the process exits 0 within SHUTDOWN_TIMEOUT_MS (default 10 s). The
// step-by-step drain (a slow upload, health on a kept-alive connection, a second signal) is
// test/shutdown.test.ts; this is the same drain with many clients at once.
import { describe, expect, it } from "vitest";
import { getEnv } from "@taskfort/config/env";
import { createTestDatabase } from "@taskfort/db/testing";
import { startWebServer } from "../server";
import {
  checkWrites,
  missingServiceReason,
  mixedLoad,
  tokenUser,
  UNLIMITED,
  useCleanups,
} from "./helpers";
import { elapsed, seconds, startLoad, waitUntil, type Outcome } from "./load";
import { reportBound } from "./report";

/** The contract's default SHUTDOWN_TIMEOUT_MS: the drain must finish inside it (exit 0, not 1). */
const SHUTDOWN_BOUND_MS = 10_000;
/** What a client sees when the server no longer takes its connection. */
const REFUSED = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE"]);

const cleanup = useCleanups();

const noPostgres = missingServiceReason("DATABASE_URL", Boolean(getEnv().DATABASE_URL));

describe.skipIf(noPostgres !== null)("faults: SIGTERM under load", () => {
  it("sigterm under load: no request written before the signal is dropped, later ones are answered or refused, acknowledged writes are stored, exit 0", async () => {
    const database = await createTestDatabase({ kind: "postgres" });
    cleanup(() => database.drop());
    const server = await startWebServer({
      env: {
        DATABASE_URL: database.url,
        ...UNLIMITED,
        SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_BOUND_MS),
      },
    });
    cleanup(() => server.stop());
    const { token } = await tokenUser(server.url);
    const load = startLoad({
      port: server.port,
      clients: 8,
      // Creates and reads only: /api/health answers 503 "draining" by design, counted apart.
      next: (c, i) => mixedLoad(token)(c + 1, i),
      maxRequests: 5_000,
      maxMs: 60_000,
      paceMs: 5,
    });
    expect(
      await waitUntil(() => load.outcomes.filter((o) => o.status === 201).length >= 30, 15_000),
    ).toBe(true);

    const signalled = performance.now();
    process.kill(server.pid, "SIGTERM");
    const code = await server.exited;
    const exitedAfter = performance.now() - signalled;
    const outcomes = await load.stop();

    const before = outcomes.filter((o) => o.writtenAt !== null && o.writtenAt < signalled);
    const inFlight = before.filter((o) => o.endedAt > signalled);
    const after = outcomes.filter((o) => !(o.writtenAt !== null && o.writtenAt < signalled));
    const dropped = before.filter((o) => o.status === undefined);
    expect(
      dropped.map((o) => `${o.tag} ${o.error}`),
      "requests written before the signal without a complete answer",
    ).toEqual([]);
    const refused = after.filter((o) => o.status === undefined && REFUSED.has(o.error ?? ""));
    const answeredAfter = after.filter((o) => o.status !== undefined);
    expect(
      after
        .filter((o) => !refused.includes(o) && !answeredAfter.includes(o))
        .map((o: Outcome) => o.error),
      "after the signal: answered or refused, nothing else (no hang)",
    ).toEqual([]);
    expect(
      outcomes.filter((o) => (o.status ?? 0) >= 500).map((o) => `${o.status} ${o.text}`),
    ).toEqual([]);
    expect(code).toBe(0);
    expect(exitedAfter).toBeLessThan(SHUTDOWN_BOUND_MS);

    const writes = await checkWrites(database.url, outcomes);
    expect(writes.lost).toEqual([]);
    expect(writes.halfDone).toEqual([]);
    expect(writes.duplicated).toEqual([]);
    reportBound(
      `SIGTERM under load (8 clients, ${outcomes.length} requests): ${inFlight.length} in flight at the signal, all answered (slowest ${seconds(Math.max(0, ...inFlight.map(elapsed)))}), 0 dropped; after it ${answeredAfter.length} answered and ${refused.length} refused at the connection; exit 0 ${seconds(exitedAfter)} after the signal (bound ${seconds(SHUTDOWN_BOUND_MS)}); ${writes.acknowledged} acknowledged writes, 0 lost`,
    );
  });
});
