// The rate limiter's Redis failing under load, against `npm start` with the Upstash backend (the
// bridge to the real Redis at REDIS_URL): first stalled (the bridge holds every request), then
// gone (the bridge closed). The policy (limits.ts, RATE_LIMIT_TIMEOUT_MS): sign-in fails closed
// with a 503 envelope and Retry-After; every other call fails open, answered within the bound;
// both come back by themselves once Redis answers again. The single-request version of the
// stall is in test/rate-limit.test.ts; this one holds it under load, adds "gone" and recovery.
import { describe, expect, it } from "vitest";
import { RATE_LIMIT_TIMEOUT_MS } from "@taskfort/api/limits";
import { getEnv } from "@taskfort/config/env";
import { createTestDatabase } from "@taskfort/db/testing";
import { startUpstashBridge, type UpstashBridge } from "@taskfort/testing/upstash-bridge";
import { getFreePort, startWebServer } from "../server";
import {
  missingServiceReason,
  notUnavailableEnvelope,
  sleep,
  tokenUser,
  UNLIMITED,
  useCleanups,
} from "./helpers";
import {
  elapsed,
  RECOVERY_BOUND_MS,
  REQUEST_BOUND_MS,
  seconds,
  startLoad,
  waitUntil,
  type Outcome,
  type RequestSpec,
} from "./load";
import { reportBound } from "./report";

const cleanup = useCleanups();

const noServices =
  missingServiceReason("DATABASE_URL", Boolean(getEnv().DATABASE_URL)) ??
  missingServiceReason("REDIS_URL", Boolean(getEnv().REDIS_URL));

describe.skipIf(noServices !== null)("faults: Redis (Upstash limiter)", () => {
  it("redis stalled, then gone, under load: sign-in fails closed with 503, other calls fail open within the bound, both recover by themselves", async () => {
    const redisUrl = getEnv().REDIS_URL!;
    const bridgePort = await getFreePort();
    let bridge: UpstashBridge = await startUpstashBridge({ redisUrl, port: bridgePort });
    const token = bridge.token;
    cleanup(() => bridge.close());
    const database = await createTestDatabase({ kind: "postgres" });
    cleanup(() => database.drop());
    const server = await startWebServer({
      env: {
        DATABASE_URL: database.url,
        ...UNLIMITED,
        RATE_LIMIT_BACKEND: "upstash",
        UPSTASH_REDIS_REST_URL: bridge.url,
        UPSTASH_REDIS_REST_TOKEN: token,
      },
    });
    cleanup(() => server.stop());
    const user = await tokenUser(server.url);
    const auth = { authorization: `Bearer ${user.token}` };

    // Client 0 signs in (with a wrong password: 401 while the limiter answers); the others read and write.
    const next = (c: number, i: number): RequestSpec =>
      c === 0
        ? {
            tag: "signin",
            method: "POST",
            path: "/api/v1/auth/login",
            body: { username: user.username, password: "not the password at all" },
          }
        : i % 3 === 0
          ? {
              tag: "general",
              method: "POST",
              path: "/api/v1/tasks",
              headers: auth,
              body: { title: `Limiter fault ${c} ${i}` },
            }
          : { tag: "general", path: "/api/v1/tasks?pageSize=5", headers: auth };
    const load = startLoad({
      port: server.port,
      clients: 4,
      next,
      maxRequests: 3_000,
      maxMs: 90_000,
      paceMs: 100,
    });
    const signIns = (from: number, to = Infinity) =>
      load.outcomes.filter((o) => o.tag === "signin" && o.startedAt > from && o.startedAt < to);
    expect(await waitUntil(() => signIns(0).some((o) => o.status === 401), 15_000)).toBe(true);

    /** Breaks the limiter, lets the load run against it, mends it; returns what it measured. */
    async function outage(name: string, breakIt: () => Promise<void>, mend: () => Promise<void>) {
      const broken = performance.now();
      await breakIt();
      expect(
        await waitUntil(() => signIns(broken).filter((o) => o.status === 503).length >= 3, 10_000),
        `${name}: sign-ins answer 503`,
      ).toBe(true);
      await sleep(1_000);
      const mending = performance.now();
      await mend();
      const mended = performance.now();
      const back = await waitUntil(
        () => signIns(mended).some((o) => o.status === 401),
        RECOVERY_BOUND_MS,
      );
      expect(back, `${name}: sign-in works again within ${RECOVERY_BOUND_MS} ms`).toBe(true);
      const recovered =
        Math.min(
          ...signIns(mended)
            .filter((o) => o.status === 401)
            .map((o) => o.endedAt),
        ) - mended;
      const during = (o: Outcome) => o.startedAt > broken && o.endedAt < mending;
      const general = load.outcomes.filter((o) => o.tag === "general" && during(o));
      const closed = signIns(broken, mending).filter((o) => o.endedAt < mending);
      return { broken, mending, general, closed, recovered };
    }

    const stall = await outage(
      "stalled",
      () => Promise.resolve(bridge.pause()),
      () => Promise.resolve(bridge.resume()),
    );
    const gone = await outage(
      "gone",
      () => bridge.close(),
      async () => {
        bridge = await startUpstashBridge({ redisUrl, port: bridgePort, token });
      },
    );
    await sleep(500);
    const outcomes = await load.stop();

    for (const [name, phase] of [
      ["stalled", stall],
      ["gone", gone],
    ] as const) {
      // Fail open: every other call was served, each within the bound.
      expect(phase.general.length, name).toBeGreaterThan(0);
      expect(
        phase.general.filter((o) => o.status === undefined || o.status >= 300),
        `${name}: calls other than sign-in fail open`,
      ).toEqual([]);
      // Fail closed: every sign-in during the outage was the 503 envelope with Retry-After.
      expect(phase.closed.length, name).toBeGreaterThan(0);
      for (const o of phase.closed) {
        expect(notUnavailableEnvelope(o), `${name}: ${o.text}`).toBeNull();
        expect(Number(o.headers?.["retry-after"])).toBeGreaterThan(0);
      }
    }
    // Nothing else anywhere: no 500, no hang, no dropped connection.
    expect(
      outcomes
        .filter((o) => o.status === undefined || o.status >= 500)
        .filter((o) => !(o.tag === "signin" && o.status === 503))
        .map((o) => `${o.tag} ${o.status ?? o.error}`),
    ).toEqual([]);

    for (const [name, phase] of [
      ["stalled (bridge paused)", stall],
      ["gone (bridge closed)", gone],
    ] as const) {
      reportBound(
        `redis ${name}: ${phase.closed.length} sign-ins 503 (slowest ${seconds(Math.max(...phase.closed.map(elapsed)))}), ${phase.general.length} other calls served (fail open; slowest ${seconds(Math.max(...phase.general.map(elapsed)))}, limiter timeout ${seconds(RATE_LIMIT_TIMEOUT_MS)}, bound ${seconds(REQUEST_BOUND_MS)}), 0 × 500, sign-in back ${seconds(phase.recovered)} after Redis (bound ${seconds(RECOVERY_BOUND_MS)})`,
      );
    }
  });
});
