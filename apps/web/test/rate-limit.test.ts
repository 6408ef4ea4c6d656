// Rate limits over real HTTP against `npm start` (both limiter backends: in-process, and
// Upstash through the bridge to the real Redis at REDIS_URL). The check script against
// `npm run dev` with the default limits is in dev.test.ts (one dev server at a time per app folder).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEnv } from "@taskfort/config/env";
import { createTestDatabase } from "@taskfort/db/testing";
import { startUpstashBridge, type UpstashBridge } from "@taskfort/testing/upstash-bridge";
import { registerTokenUser, trpcBatch, trpcMutation, trpcQuery } from "./client";
import { startWebServer, type WebServer } from "./server";

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

const THROTTLED = /^Request was throttled\. Expected available in (\d+) seconds\.$/;

function redisSkipReason(): string | null {
  const env = getEnv();
  if (env.REDIS_URL) return null;
  if (env.CI)
    throw new Error(
      "REDIS_URL is not set, and CI=true needs the Upstash rate-limit backend tested over HTTP against real Redis.",
    );
  const reason =
    "REDIS_URL is not set: skipping the Upstash backend over HTTP (set REDIS_URL=redis://127.0.0.1:6379).";
  console.warn(`[rate limit] ${reason}`);
  return reason;
}

// Fixed windows are aligned to the epoch. Every suite here runs with day-long windows, so a
// burst straddles two windows about once in ten thousand runs and no test waits for a fresh one
// (the window arithmetic itself is tested on a fake clock in packages/api).
const DAY_WINDOW = "24h";

const trpcGet = (server: WebServer, path: string, headers: Record<string, string> = {}) =>
  trpcQuery(server, path, {}, headers);

const signInCall = (server: WebServer, path: string, input: unknown) =>
  trpcMutation(server, path, input, { origin: server.url });

const tokenUser = (server: WebServer) => registerTokenUser(server, "rl");

const redisSkip = redisSkipReason();
const backends = [
  { name: "memory", skip: null as string | null },
  { name: "upstash", skip: redisSkip },
] as const;

for (const backend of backends) {
  describe.skipIf(backend.skip !== null)(
    `rate limits over HTTP (npm start, ${backend.name} backend)`,
    () => {
      let database: TestDatabase;
      let bridge: UpstashBridge | undefined;
      let server: WebServer;

      beforeAll(async () => {
        database = await createTestDatabase();
        const limiterEnv: Record<string, string | undefined> =
          backend.name === "upstash"
            ? await startUpstashBridge({ redisUrl: getEnv().REDIS_URL! }).then((b) => {
                bridge = b;
                return {
                  RATE_LIMIT_BACKEND: "upstash",
                  UPSTASH_REDIS_REST_URL: b.url,
                  UPSTASH_REDIS_REST_TOKEN: b.token,
                };
              })
            : {
                RATE_LIMIT_BACKEND: "memory",
                UPSTASH_REDIS_REST_URL: undefined,
                UPSTASH_REDIS_REST_TOKEN: undefined,
              };
        server = await startWebServer({
          env: {
            DATABASE_URL: database.url,
            RATE_LIMIT_ANON: `100/${DAY_WINDOW}`,
            RATE_LIMIT_USER: `100/${DAY_WINDOW}`,
            TRUST_PROXY: undefined,
            ...limiterEnv,
          },
        });
        if (backend.name === "upstash") {
          // Redis outlives test runs: clear this address's buckets (anonymous and auth tiers) so a rerun starts fresh.
          const { createClient } = await import("redis");
          const redis = createClient({ url: getEnv().REDIS_URL! });
          await redis.connect();
          for await (const keys of redis.scanIterator({
            MATCH: "taskfort:rl:*:ip:127.0.0.1:*",
            COUNT: 1000,
          }))
            if (keys.length) await redis.del(keys);
          await redis.close();
        }
      });

      afterAll(async () => {
        await server?.stop();
        await bridge?.close();
        await database?.drop();
      });

      it(`ratelimit (${backend.name}): 300 concurrent anonymous requests against a limit of 100 let exactly 100 through; the rest get the contract's 429, and spoofed forwarding headers do not open a new bucket`, async () => {
        // Every request claims another address in every header a proxy might set: none of it may count.
        const request = (i: number) =>
          trpcGet(server, "health.ping", {
            "x-forwarded-for": `10.0.${i >> 8}.${i & 255}`,
            "x-real-ip": `10.1.0.${i & 255}`,
            forwarded: `for=10.2.0.${i & 255}`,
          });
        // Over Upstash the burst goes in waves of 30: this test's own process also runs the
        // Upstash bridge, and 300 requests at once kept it past the limiter's 1 s bound, so the
        // general tier failed open. 300-way concurrency on the Upstash limiter itself is tested
        // in packages/api (limiter.test.ts).
        const wave = backend.name === "upstash" ? 30 : 300;
        const responses: Awaited<ReturnType<typeof request>>[] = [];
        for (let start = 0; start < 300; start += wave)
          responses.push(
            ...(await Promise.all(
              Array.from({ length: Math.min(wave, 300 - start) }, (_, k) => request(start + k)),
            )),
          );
        const statuses = responses.map((r) => r.status);
        expect(statuses.filter((s) => s === 200)).toHaveLength(100);
        expect(statuses.filter((s) => s === 429)).toHaveLength(200);

        const refused = responses.find((r) => r.status === 429)!;
        const body = refused.body as {
          error: { message: string; data: { code: string } };
        };
        expect(body.error.data.code).toBe("TOO_MANY_REQUESTS");
        const seconds = Number(THROTTLED.exec(body.error.message)?.[1]);
        expect(seconds).toBeGreaterThanOrEqual(1);
        expect(seconds).toBeLessThanOrEqual(24 * 60 * 60);
        expect(Number(refused.headers.get("retry-after"))).toBe(seconds);
        expect(refused.headers.get("x-ratelimit-limit")).toBe("100");
        expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
        const allowed = responses.find((r) => r.status === 200)!;
        expect(Number(allowed.headers.get("x-ratelimit-remaining"))).toBeLessThan(100);

        // The throttle was recorded against the address the server saw (the peer hook works), not a header's.
        await new Promise((r) => setTimeout(r, 500));
        const events = await database.db.auditEvent.findMany({
          where: { action: "ratelimit.blocked" },
          select: { ip: true },
        });
        expect(events.map((e) => e.ip)).toEqual(["127.0.0.1"]);
      });

      it(`ratelimit (${backend.name}): a 20-call batch is refused and counts once (a refusal still costs work); a 5-call batch counts 5 and reports the tightest headers`, async () => {
        const auth = { authorization: `Bearer ${await tokenUser(server)}` };
        const tooBig = await trpcBatch(server, "task.list", 20, auth);
        expect(tooBig.status).toBe(400);
        const five = await trpcBatch(server, "task.list", 5, auth);
        expect(five.status).toBe(200);
        expect(five.headers.get("x-ratelimit-limit")).toBe("100");
        expect(five.headers.get("x-ratelimit-remaining")).toBe("94");
        const next = await trpcGet(server, "task.list", auth);
        expect(next.headers.get("x-ratelimit-remaining")).toBe("93");
      });

      it.skipIf(backend.name !== "upstash")(
        `ratelimit (${backend.name}): when Redis stops answering, general calls still work and sign-in is refused with 503 within the bound; both are logged`,
        async () => {
          const auth = { authorization: `Bearer ${await tokenUser(server)}` };
          bridge!.pause();
          try {
            let started = Date.now();
            const general = await trpcGet(server, "task.list", auth);
            expect(general.status).toBe(200);
            expect(Date.now() - started).toBeLessThan(2_000);
            started = Date.now();
            const signIn = await signInCall(server, "auth.login", {
              username: "someone",
              password: "whatever password",
            });
            expect(signIn.status).toBe(503);
            expect(Date.now() - started).toBeLessThan(2_000);
            expect(Number(signIn.headers.get("retry-after"))).toBeGreaterThan(0);
          } finally {
            bridge!.resume();
          }
          // Logs are written asynchronously (batched): the lines land moments after the answers.
          const unavailable = () =>
            server
              .output()
              .split("\n")
              .filter((l) => l.includes('"ratelimit.unavailable"'));
          await expect
            .poll(() => unavailable().some((l) => l.includes('"failClosed":false')))
            .toBe(true);
          await expect
            .poll(() => unavailable().some((l) => l.includes('"failClosed":true')))
            .toBe(true);
        },
      );
    },
  );
}
