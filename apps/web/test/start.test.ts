// `npm start` and a bare `next start` refuse to run a production server that lacks a required setting.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { childEnv } from "@taskfort/config/env";
import { getFreePort, webRoot } from "./server";

const require = createRequire(import.meta.url);
const unset = { DATABASE_URL: undefined, AUTH_SECRET: undefined, UPSTASH_REDIS_REST_URL: undefined, UPSTASH_REDIS_REST_TOKEN: undefined, RATE_LIMIT_BACKEND: undefined };

function run(args: string[], env: Record<string, string | undefined>) {
  const result = spawnSync(process.execPath, args, { cwd: webRoot, env: childEnv(env), encoding: "utf8", timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("production start-up checks", () => {
  it("npm start: exits 1 naming every missing production setting", () => {
    const { status, output } = run([require.resolve("tsx/cli"), join(webRoot, "scripts/start.ts")], unset);
    expect(status).toBe(1);
    expect(output).toContain("Refusing to start");
    for (const name of ["DATABASE_URL", "AUTH_SECRET", "UPSTASH_REDIS_REST_URL"]) expect(output).toContain(name);
  });

  it("next start without scripts/start.ts: the instrumentation hook stops the server too", async () => {
    const port = await getFreePort();
    const { status, output } = run(
      [require.resolve("next/dist/bin/next"), "start", "--port", String(port), "--hostname", "127.0.0.1"],
      { ...unset, NODE_ENV: "production", DATABASE_URL: "postgresql://postgres@127.0.0.1:1/none" },
    );
    expect(status).toBe(1);
    expect(output).toContain("AUTH_SECRET is required in production");
    expect(output).not.toContain("DATABASE_URL is required");
  });
});
