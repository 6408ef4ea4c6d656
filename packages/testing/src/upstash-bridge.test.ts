import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "@upstash/redis";
import { getEnv } from "@taskfort/config/env";
import { startUpstashBridge, type UpstashBridge } from "./upstash-bridge";

function skipReason(): string | null {
  const env = getEnv();
  if (env.REDIS_URL) return null;
  if (env.CI)
    throw new Error(
      "REDIS_URL is not set, and CI=true needs the Upstash bridge tested against real Redis (e.g. REDIS_URL=redis://127.0.0.1:6379).",
    );
  const reason =
    "REDIS_URL is not set: skipping the Upstash bridge tests (set REDIS_URL=redis://127.0.0.1:6379).";
  console.warn(`[@taskfort/testing] ${reason}`);
  return reason;
}

const skip = skipReason();

describe.skipIf(skip !== null)("upstash bridge", () => {
  let bridge: UpstashBridge;
  const prefix = `taskfort:bridge-test:${randomBytes(4).toString("hex")}`;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${bridge.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${bridge.token}`, ...headers },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    bridge = await startUpstashBridge({ redisUrl: getEnv().REDIS_URL! });
  });
  afterAll(async () => {
    await post("/", ["DEL", `${prefix}:a`, `${prefix}:n`, `${prefix}:s`, `${prefix}:m`]);
    await bridge?.close();
  });

  it("bridge: requests without the bearer token, or with another, are 401", async () => {
    expect((await fetch(bridge.url, { method: "POST", body: '["PING"]' })).status).toBe(401);
    expect(
      (
        await fetch(bridge.url, {
          method: "POST",
          body: '["PING"]',
          headers: { authorization: "Bearer nope" },
        })
      ).status,
    ).toBe(401);
  });

  it("bridge: a single command answers {result}, base64-encoded when the client asks; a Redis error is 400 {error}", async () => {
    expect(await (await post("/", ["SET", `${prefix}:a`, "héllo"])).json()).toEqual({
      result: "OK",
    });
    expect(await (await post("/", ["GET", `${prefix}:a`])).json()).toEqual({ result: "héllo" });
    expect(
      await (await post("/", ["GET", `${prefix}:a`], { "upstash-encoding": "base64" })).json(),
    ).toEqual({ result: Buffer.from("héllo").toString("base64") });
    const bad = await post("/", ["INCR", `${prefix}:a`]);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/not an integer/);
  });

  it("bridge: /pipeline answers per command, errors in their own slot; /multi-exec runs as one transaction", async () => {
    const pipeline = (await (
      await post("/pipeline", [
        ["SET", `${prefix}:n`, "1"],
        ["INCR", `${prefix}:a`],
        ["INCR", `${prefix}:n`],
      ])
    ).json()) as { result?: unknown; error?: string }[];
    expect(pipeline[0]).toEqual({ result: "OK" });
    expect(pipeline[1]!.error).toMatch(/not an integer/);
    expect(pipeline[2]).toEqual({ result: 2 });
    expect(
      await (
        await post("/multi-exec", [
          ["INCR", `${prefix}:n`],
          ["INCRBY", `${prefix}:n`, 10],
        ])
      ).json(),
    ).toEqual([{ result: 3 }, { result: 13 }]);
  });

  it("bridge: scripts with Upstash's `#!lua flags=allow-key-locking` shebang run, and EVALSHA of the original script's hash works", async () => {
    const script = "#!lua flags=allow-key-locking\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])";
    const sha = createHash("sha1").update(script).digest("hex");
    expect(await (await post("/", ["EVAL", script, 1, `${prefix}:s`, 5])).json()).toEqual({
      result: 5,
    });
    expect(await (await post("/", ["EVALSHA", sha, 1, `${prefix}:s`, 5])).json()).toEqual({
      result: 10,
    });
    const other = "#!lua flags=allow-key-locking\nreturn redis.call('INCRBY', KEYS[1], 100)";
    expect(await (await post("/", ["SCRIPT", "LOAD", other])).json()).toEqual({
      result: createHash("sha1").update(other).digest("hex"),
    });
  });

  it("bridge: @upstash/redis works through it (auto-pipelining, base64 responses, unicode)", async () => {
    const redis = new Redis({ url: bridge.url, token: bridge.token, enableTelemetry: false });
    const [set, got, n] = await Promise.all([
      redis.set(`${prefix}:m`, "☃ snow"),
      redis.get(`${prefix}:m`),
      redis.incr(`${prefix}:n`),
    ]);
    expect([set, got, n]).toEqual(["OK", "☃ snow", 14]);
  });
});
