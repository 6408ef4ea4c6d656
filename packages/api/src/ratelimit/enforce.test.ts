import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createServer, connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { getEnv, setEnvForChildren } from "@taskfort/config/env";
import { startUpstashBridge } from "@taskfort/testing/upstash-bridge";
import { RATE_LIMIT_TIMEOUT_MS, type RatePolicy } from "../limits";
import {
  authLimitChecks,
  checkAuthLimit,
  enforceLimits,
  rateLimitHeaders,
  type LimitCheck,
} from "./enforce";
import { createMemoryRateLimiter } from "./memory";
import { atWindowStart, deadUrl, upstashSkipReason } from "./testing";
import { createUpstashRateLimiter } from "./upstash";

// Real log lines: point the logger at a file before it is first built.
const logFile = join(tmpdir(), `taskfort-ratelimit-${randomBytes(4).toString("hex")}.jsonl`);
// This file reads the log: it turns logging back on (the suite runs with LOG_LEVEL=silent).
setEnvForChildren({ LOG_FILE: logFile, LOG_LEVEL: "info" });
delete (globalThis as { taskfortLogger?: unknown }).taskfortLogger;
afterAll(() => setEnvForChildren({ LOG_FILE: undefined, LOG_LEVEL: "silent" }));
afterEach(() => vi.useRealTimers());

async function logLines(event: string, requestId: string): Promise<Record<string, unknown>[]> {
  for (let i = 0; i < 40; i++) {
    const text = existsSync(logFile) ? readFileSync(logFile, "utf8") : "";
    const lines = text
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const found = lines.filter((l) => l.event === event && l.requestId === requestId);
    if (found.length) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  return [];
}

const anon: RatePolicy = { tier: "anon", limit: 50, windowMs: 60_000 };
const info = () => ({ ip: "203.0.113.9", requestId: randomBytes(6).toString("hex") });

/** Asserts fail-open for a general tier and fail-closed (503) for the auth tier, both within the bound and logged. */
async function expectFailOpenAndClosed(limiter: ReturnType<typeof createUpstashRateLimiter>) {
  const general = info();
  let started = Date.now();
  const open = await enforceLimits(
    limiter,
    [{ scope: "ip", key: "ip:203.0.113.9", policy: anon }],
    general,
    { failClosed: false },
  );
  expect(Date.now() - started).toBeLessThan(RATE_LIMIT_TIMEOUT_MS + 500);
  expect(open).toEqual({ allowed: true, status: 200, headers: {} });

  const signIn = info();
  started = Date.now();
  const closed = await checkAuthLimit({
    limiter,
    ip: signIn.ip,
    username: "alice",
    requestId: signIn.requestId,
  });
  expect(Date.now() - started).toBeLessThan(RATE_LIMIT_TIMEOUT_MS + 500);
  expect(closed).toMatchObject({ allowed: false, status: 503 });
  expect(Number(closed.headers["Retry-After"])).toBeGreaterThan(0);

  expect(await logLines("ratelimit.unavailable", general.requestId)).toEqual([
    expect.objectContaining({ level: "error", failClosed: false, backend: "upstash" }),
  ]);
  expect(await logLines("ratelimit.unavailable", signIn.requestId)).toEqual([
    expect.objectContaining({ level: "error", failClosed: true, tier: "auth" }),
  ]);
}

describe("rate limit decisions", () => {
  it("ratelimit: over the limit is 429 with the contract's message, Retry-After within the window, X-RateLimit-* headers, and one ratelimit.blocked line per window", async () => {
    const limiter = createMemoryRateLimiter();
    const policy: RatePolicy = { tier: "anon", limit: 2, windowMs: 60_000 };
    atWindowStart(policy.windowMs);
    const checks: LimitCheck[] = [{ scope: "ip", key: "ip:198.51.100.1", policy }];
    const req = info();
    const first = await enforceLimits(limiter, checks, req, { failClosed: false });
    expect(first).toMatchObject({
      allowed: true,
      status: 200,
      headers: { "X-RateLimit-Limit": "2", "X-RateLimit-Remaining": "1" },
    });
    expect((Number(first.headers["X-RateLimit-Reset"]) * 1000) % policy.windowMs).toBe(0);
    await enforceLimits(limiter, checks, req, { failClosed: false });
    const refused = await enforceLimits(limiter, checks, req, { failClosed: false });
    expect(refused).toMatchObject({
      allowed: false,
      status: 429,
      headers: { "X-RateLimit-Remaining": "0" },
    });
    const retryAfter = Number(refused.headers["Retry-After"]);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.message).toBe(
      `Request was throttled. Expected available in ${retryAfter} seconds.`,
    );
    await enforceLimits(limiter, checks, req, { failClosed: false });
    const blocked = await logLines("ratelimit.blocked", req.requestId);
    expect(blocked).toHaveLength(1);
    expect(blocked[0]).toMatchObject({
      ip: "203.0.113.9",
      meta: { tier: "anon", scope: "ip", limit: 2 },
    });
  });

  it("ratelimit: the auth tier counts the client IP and the normalised username separately", async () => {
    const limiter = createMemoryRateLimiter();
    const policy: RatePolicy = { tier: "auth", limit: 3, windowMs: 900_000 };
    // Same username from three addresses, in different spellings: one username bucket.
    for (const [ip, name] of [
      ["192.0.2.1", "Alice"],
      ["192.0.2.2", " alice"],
      ["192.0.2.3", "ALICE "],
    ] as const) {
      expect(
        (
          await enforceLimits(limiter, authLimitChecks(ip, name, policy), info(), {
            failClosed: true,
          })
        ).allowed,
      ).toBe(true);
    }
    expect(
      (
        await enforceLimits(limiter, authLimitChecks("192.0.2.4", "alice", policy), info(), {
          failClosed: true,
        })
      ).status,
    ).toBe(429);
    // One address trying three usernames: one IP bucket.
    for (const name of ["bob", "carol", "dave"])
      expect(
        (
          await enforceLimits(limiter, authLimitChecks("192.0.2.9", name, policy), info(), {
            failClosed: true,
          })
        ).allowed,
      ).toBe(true);
    expect(
      (
        await enforceLimits(limiter, authLimitChecks("192.0.2.9", "erin", policy), info(), {
          failClosed: true,
        })
      ).status,
    ).toBe(429);
    // An IPv6 caller cannot escape by rotating through its /64.
    for (let i = 1; i <= 3; i++)
      await enforceLimits(
        limiter,
        authLimitChecks(`2001:db8:1:2::${i}`, `v6user${i}`, policy),
        info(),
        { failClosed: true },
      );
    expect(
      (
        await enforceLimits(
          limiter,
          authLimitChecks("2001:db8:1:2:ffff::9", "v6user9", policy),
          info(),
          { failClosed: true },
        )
      ).status,
    ).toBe(429);
    expect(
      (
        await enforceLimits(
          limiter,
          authLimitChecks("2001:db8:1:3::1", "v6user10", policy),
          info(),
          { failClosed: true },
        )
      ).allowed,
    ).toBe(true);
  });

  it("ratelimit: for a batch the response keeps the tightest X-RateLimit-* and the longest Retry-After", () => {
    const headers = new Headers();
    rateLimitHeaders(headers, {
      allowed: true,
      status: 200,
      headers: {
        "X-RateLimit-Limit": "100",
        "X-RateLimit-Remaining": "7",
        "X-RateLimit-Reset": "2000",
      },
    });
    rateLimitHeaders(headers, {
      allowed: true,
      status: 200,
      headers: {
        "X-RateLimit-Limit": "10",
        "X-RateLimit-Remaining": "9",
        "X-RateLimit-Reset": "3000",
      },
    });
    expect([headers.get("X-RateLimit-Limit"), headers.get("X-RateLimit-Remaining")]).toEqual([
      "100",
      "7",
    ]);
    rateLimitHeaders(headers, {
      allowed: false,
      status: 429,
      headers: {
        "X-RateLimit-Limit": "10",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": "3000",
        "Retry-After": "30",
      },
    });
    rateLimitHeaders(headers, {
      allowed: false,
      status: 429,
      headers: {
        "X-RateLimit-Limit": "10",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": "2500",
        "Retry-After": "5",
      },
    });
    expect(Object.fromEntries(headers)).toEqual({
      "x-ratelimit-limit": "10",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": "3000",
      "retry-after": "30",
    });
  });

  it("ratelimit: an unreachable Upstash endpoint fails general limits open and sign-in closed, within the bound, logged", async () => {
    await expectFailOpenAndClosed(createUpstashRateLimiter({ url: await deadUrl(), token: "x" }));
  });

  const skip = upstashSkipReason();
  it.skipIf(skip !== null)(
    "ratelimit: an Upstash endpoint that stops answering (bridge paused) fails open / closed after the 1 s bound, nothing hangs",
    async () => {
      const bridge = await startUpstashBridge({ redisUrl: getEnv().REDIS_URL! });
      try {
        const limiter = createUpstashRateLimiter({
          url: bridge.url,
          token: bridge.token,
          prefix: `taskfort:test:${randomBytes(6).toString("hex")}`,
        });
        expect((await limiter.limit("k", anon)).success).toBe(true);
        bridge.pause();
        await expectFailOpenAndClosed(limiter);
        // And it recovers once Redis answers again.
        bridge.resume();
        expect(await limiter.limit("k", anon)).toMatchObject({ success: true, limit: 50 });
      } finally {
        bridge.resume();
        await bridge.close();
      }
    },
  );

  it.skipIf(skip !== null)(
    "ratelimit: Redis stopped mid-run: general limits keep working (fail open), sign-in is refused with 503, both logged",
    async () => {
      // A TCP relay in front of Redis that we can cut, as if the Redis server went away.
      const redis = new URL(getEnv().REDIS_URL!);
      const sockets = new Set<Socket>();
      const relay = createServer((client) => {
        const upstream = connect(Number(redis.port || 6379), redis.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on("error", () => s.destroy());
          s.on("close", () => sockets.delete(s));
        }
        client.pipe(upstream).pipe(client);
      });
      await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
      const { port } = relay.address() as { port: number };
      const bridge = await startUpstashBridge({ redisUrl: `redis://127.0.0.1:${port}` });
      try {
        const limiter = createUpstashRateLimiter({
          url: bridge.url,
          token: bridge.token,
          prefix: `taskfort:test:${randomBytes(6).toString("hex")}`,
        });
        const ok = await checkAuthLimit({
          limiter,
          ip: "203.0.113.9",
          username: "alice",
          requestId: "before",
        });
        expect(ok.allowed).toBe(true);
        relay.close();
        for (const s of sockets) s.destroy();
        await expectFailOpenAndClosed(limiter);
      } finally {
        await bridge.close();
        relay.close();
      }
    },
  );

  it("ratelimit: configured policies parse from the env's N/window form", async () => {
    const { parseRate } = await import("../limits");
    expect(parseRate("100/1m")).toEqual({ limit: 100, windowMs: 60_000 });
    expect(parseRate("10/15m")).toEqual({ limit: 10, windowMs: 900_000 });
    expect(parseRate("5/2s")).toEqual({ limit: 5, windowMs: 2_000 });
    expect(() => parseRate("0/1m")).toThrow();
  });
});
