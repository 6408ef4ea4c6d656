// Test helpers: the two limiter backends, so one suite runs against both. The Upstash
// backend goes through the Upstash-REST bridge (@taskfort/testing) to the real Redis at
// REDIS_URL; without REDIS_URL it is skipped with a message, or fails under CI=true.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, vi } from "vitest";
import { getEnv } from "@taskfort/config/env";
import { startUpstashBridge, type UpstashBridge } from "@taskfort/testing/upstash-bridge";
import { createMemoryRateLimiter } from "./memory";
import type { RateLimiter } from "./types";
import { createUpstashRateLimiter } from "./upstash";

export interface BackendUnderTest {
  name: "memory" | "upstash";
  /** Null when the backend cannot run here (see skipReason). */
  skipReason: string | null;
  /** A limiter with fresh buckets (a new key prefix in Redis). */
  create(): RateLimiter;
  /** The running bridge (upstash only), e.g. to pause it. */
  bridge(): UpstashBridge;
}

export function upstashSkipReason(): string | null {
  const env = getEnv();
  if (env.REDIS_URL) return null;
  if (env.CI)
    throw new Error(
      "REDIS_URL is not set, and CI=true needs the Upstash rate-limit backend tested against real Redis (e.g. REDIS_URL=redis://127.0.0.1:6379).",
    );
  return "REDIS_URL is not set: skipping the Upstash backend (set REDIS_URL=redis://127.0.0.1:6379 to run it through the bridge).";
}

/** Registers beforeAll/afterAll for the bridge; call at the top of a describe or file. */
export function limiterBackends(): BackendUnderTest[] {
  const skipReason = upstashSkipReason();
  if (skipReason) console.warn(`[rate limit] ${skipReason}`);
  let bridge: UpstashBridge | undefined;
  beforeAll(async () => {
    if (!skipReason) bridge = await startUpstashBridge({ redisUrl: getEnv().REDIS_URL! });
  });
  afterAll(async () => {
    await bridge?.close();
  });
  const needBridge = () => {
    if (!bridge) throw new Error("the Upstash bridge is not running");
    return bridge;
  };
  return [
    {
      name: "memory",
      skipReason: null,
      create: () => createMemoryRateLimiter(),
      bridge: needBridge,
    },
    {
      name: "upstash",
      skipReason,
      create: () =>
        createUpstashRateLimiter({
          url: needBridge().url,
          token: needBridge().token,
          prefix: `taskfort:test:${randomBytes(6).toString("hex")}`,
        }),
      bridge: needBridge,
    },
  ];
}

/**
 * A fake clock for window tests. Windows are fixed and aligned to the epoch: this moves Date (only
 * Date: timers, sockets and Redis stay real, and the clock keeps ticking with real time) to the
 * start of the next window, so a burst cannot straddle two windows and no test waits for one.
 * Both backends read the time through Date.now(). Undo with vi.useRealTimers().
 */
export function atWindowStart(windowMs: number): void {
  if (!vi.isFakeTimers()) vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
  const now = Date.now();
  vi.setSystemTime(now - (now % windowMs) + windowMs);
}

/** Moves the fake clock (see atWindowStart) forward. */
export function advanceClock(ms: number): void {
  vi.setSystemTime(Date.now() + ms);
}

/** A dead endpoint: a port that was free a moment ago. */
export async function deadUrl(): Promise<string> {
  const { createServer } = await import("node:net");
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}
