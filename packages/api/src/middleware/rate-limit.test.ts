import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setEnvForChildren } from "@taskfort/config/env";
import { flushBackgroundWork } from "../background";
import { createContextInner, type Principal } from "../context";
import { createCaller } from "../index";
import { createMemoryRateLimiter, type RateLimiter } from "../ratelimit";
import { atWindowStart, deadUrl, limiterBackends } from "../ratelimit/testing";
import { createUpstashRateLimiter } from "../ratelimit/upstash";
import { errorOf, signedInUser, tokenPrincipal, useTestDatabase } from "../test";

const THROTTLED = /^Request was throttled\. Expected available in \d+ seconds\.$/;
const randomIp = () => `198.51.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;

describe("rate-limit middleware", () => {
  const db = useTestDatabase();
  const backends = limiterBackends();
  beforeAll(() =>
    setEnvForChildren({
      RATE_LIMIT_USER: "3/1m",
      RATE_LIMIT_ANON: "3/1m",
      RATE_LIMIT_AUTH: "3/1m",
    }),
  );
  afterAll(() =>
    setEnvForChildren({
      RATE_LIMIT_USER: undefined,
      RATE_LIMIT_ANON: undefined,
      RATE_LIMIT_AUTH: undefined,
    }),
  );

  const caller = (
    limiter: RateLimiter,
    opts: { principal?: Principal | null; ip?: string; resHeaders?: Headers } = {},
  ) =>
    createCaller(
      createContextInner({
        db: db(),
        limiter,
        principal: opts.principal ?? null,
        ip: opts.ip ?? "127.0.0.1",
        resHeaders: opts.resHeaders ?? null,
      }),
    );

  for (const backend of backends) {
    describe.skipIf(backend.skipReason !== null)(backend.name, () => {
      beforeAll(() => atWindowStart(60_000));
      afterAll(() => vi.useRealTimers());

      it(`ratelimit (${backend.name}): anonymous calls count per IP even when they end in UNAUTHORIZED`, async () => {
        const limiter = backend.create();
        const ip = randomIp();
        for (let i = 0; i < 3; i++)
          expect(await errorOf(caller(limiter, { ip }).task.list({}))).toMatchObject({
            code: "UNAUTHORIZED",
          });
        const throttled = await errorOf(caller(limiter, { ip }).task.list({}));
        expect(throttled).toMatchObject({ code: "TOO_MANY_REQUESTS", httpStatus: 429 });
        expect(throttled.message).toMatch(THROTTLED);
        // The bucket is the caller's, not the procedure's.
        expect(await errorOf(caller(limiter, { ip }).health.ping())).toMatchObject({
          code: "TOO_MANY_REQUESTS",
        });
        expect(await caller(limiter, { ip: randomIp() }).health.ping()).toMatchObject({
          pong: true,
        });
      });

      it(`ratelimit (${backend.name}): a request with a bad API token (401) counts in its IP's anonymous bucket`, async () => {
        const limiter = backend.create();
        const ip = randomIp();
        const badToken = () =>
          createCaller(
            createContextInner({
              db: db(),
              limiter,
              principal: null,
              ip,
              authRejected: "This API token is not valid.",
            }),
          );
        for (let i = 0; i < 3; i++)
          expect(await errorOf(badToken().health.ping())).toMatchObject({ code: "UNAUTHORIZED" });
        expect(await errorOf(badToken().health.ping())).toMatchObject({
          code: "TOO_MANY_REQUESTS",
        });
        expect(await errorOf(caller(limiter, { ip }).health.ping())).toMatchObject({
          code: "TOO_MANY_REQUESTS",
        });
      });

      it(`ratelimit (${backend.name}): each signed-in user has their own bucket, and an API token shares its user's`, async () => {
        const limiter = backend.create();
        const a = await signedInUser(db());
        const b = await signedInUser(db());
        const ip = randomIp();
        for (let i = 0; i < 3; i++)
          await caller(limiter, { principal: a.principal, ip }).health.ping();
        expect(
          await errorOf(caller(limiter, { principal: a.principal, ip }).health.ping()),
        ).toMatchObject({ code: "TOO_MANY_REQUESTS" });
        expect(
          await errorOf(
            caller(limiter, {
              principal: await tokenPrincipal(db(), a.user, ["tasks:read"]),
              ip: randomIp(),
            }).task.list({}),
          ),
        ).toMatchObject({ code: "TOO_MANY_REQUESTS" });
        // Same address, another user: a fresh bucket (and the anonymous bucket of that IP is untouched too).
        expect(await caller(limiter, { principal: b.principal, ip }).task.list({})).toMatchObject({
          items: [],
        });
        expect(await caller(limiter, { ip }).health.ping()).toMatchObject({ pong: true });
      });

      it(`ratelimit (${backend.name}): responses carry X-RateLimit-*; every call of a batch counts and the tightest values stay`, async () => {
        const limiter = backend.create();
        const ip = randomIp();
        const batchHeaders = new Headers();
        await caller(limiter, { ip, resHeaders: batchHeaders }).health.ping();
        await caller(limiter, { ip, resHeaders: batchHeaders }).health.ping();
        expect(batchHeaders.get("X-RateLimit-Limit")).toBe("3");
        expect(batchHeaders.get("X-RateLimit-Remaining")).toBe("1");
        const reset = Number(batchHeaders.get("X-RateLimit-Reset"));
        expect(reset * 1000).toBeGreaterThan(Date.now());
        expect(reset * 1000 - Date.now()).toBeLessThanOrEqual(60_000);

        const refusedHeaders = new Headers();
        await caller(limiter, { ip, resHeaders: refusedHeaders }).health.ping();
        await errorOf(caller(limiter, { ip, resHeaders: refusedHeaders }).health.ping());
        expect(refusedHeaders.get("X-RateLimit-Remaining")).toBe("0");
        const retryAfter = Number(refusedHeaders.get("Retry-After"));
        expect(retryAfter).toBeGreaterThanOrEqual(1);
        expect(retryAfter).toBeLessThanOrEqual(60);
      });

      it(`ratelimit (${backend.name}): sign-in attempts are limited per IP across usernames, and per username across IPs`, async () => {
        const limiter = backend.create();
        const login = (ip: string, username: string) =>
          caller(limiter, { ip }).auth.login({ username, password: "wrong password" });
        const ip = randomIp();
        for (const name of ["u1", "u2", "u3"])
          expect(await errorOf(login(ip, `${name}_${ip}`))).toMatchObject({ code: "UNAUTHORIZED" });
        expect(await errorOf(login(ip, "someone_else"))).toMatchObject({
          code: "TOO_MANY_REQUESTS",
          httpStatus: 429,
        });
        // Registration shares the tier: refused before it runs, so no account appears.
        const blockedName = `blocked_${randomBytes(3).toString("hex")}`;
        expect(
          await errorOf(
            caller(limiter, { ip }).auth.register({
              username: blockedName,
              password: "a long enough passphrase",
            }),
          ),
        ).toMatchObject({ code: "TOO_MANY_REQUESTS" });
        expect(await db().user.count({ where: { usernameKey: blockedName } })).toBe(0);

        const victim = `victim_${randomBytes(3).toString("hex")}`;
        for (const spelling of [victim, victim.toUpperCase(), ` ${victim}`])
          expect(await errorOf(login(randomIp(), spelling))).toMatchObject({
            code: "UNAUTHORIZED",
          });
        expect(await errorOf(login(randomIp(), victim))).toMatchObject({
          code: "TOO_MANY_REQUESTS",
        });
      });

      it(`ratelimit (${backend.name}): a throttle is stored as a ratelimit.blocked security event, once per bucket and window`, async () => {
        const limiter = backend.create();
        const ip = randomIp();
        for (let i = 0; i < 6; i++)
          await caller(limiter, { ip })
            .health.ping()
            .catch(() => undefined);
        await flushBackgroundWork();
        const events = await db().auditEvent.findMany({
          where: { action: "ratelimit.blocked", ip },
          select: { ip: true, meta: true },
        });
        expect(events).toHaveLength(1);
        expect(events[0]!.meta).toMatchObject({ tier: "anon", scope: "ip", limit: 3 });
      });
    });
  }

  it("ratelimit: when the limiter cannot answer, general calls still work and sign-in is refused with 503", async () => {
    const limiter = createUpstashRateLimiter({ url: await deadUrl(), token: "x" });
    expect(await caller(limiter, { ip: randomIp() }).health.ping()).toMatchObject({ pong: true });
    const started = Date.now();
    const refused = await errorOf(
      caller(limiter, { ip: randomIp() }).auth.login({
        username: "alice",
        password: "whatever pass",
      }),
    );
    expect(refused).toMatchObject({ code: "SERVICE_UNAVAILABLE", httpStatus: 503 });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("ratelimit: checkAuthLimit (next-auth's credentials sign-in) counts in the same buckets as auth.login", async () => {
    const { checkAuthLimit } = await import("../ratelimit");
    const limiter = createMemoryRateLimiter();
    const ip = randomIp();
    for (let i = 0; i < 2; i++)
      expect(
        (await checkAuthLimit({ limiter, ip, username: "carol", requestId: "r" })).allowed,
      ).toBe(true);
    expect(
      await errorOf(
        caller(limiter, { ip }).auth.login({ username: "carol", password: "wrong password" }),
      ),
    ).toMatchObject({ code: "UNAUTHORIZED" });
    const refused = await checkAuthLimit({
      limiter,
      ip: randomIp(),
      username: "Carol",
      requestId: "r",
    });
    expect(refused).toMatchObject({ allowed: false, status: 429 });
    expect(refused.message).toMatch(THROTTLED);
    expect(refused.headers).toMatchObject({
      "Retry-After": expect.stringMatching(/^\d+$/),
      "X-RateLimit-Remaining": "0",
    });
  });
});
