// `npm start` and a bare `next start` refuse to run a production server that lacks a required setting.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { childEnv } from "@taskfort/config/env";
import { createTestDatabase } from "@taskfort/db/testing";
import { getFreePort, startArgs, startWebServer, webRoot } from "./server";

const require = createRequire(import.meta.url);
const unset = {
  DATABASE_URL: undefined,
  AUTH_SECRET: undefined,
  UPSTASH_REDIS_REST_URL: undefined,
  UPSTASH_REDIS_REST_TOKEN: undefined,
  RATE_LIMIT_BACKEND: undefined,
};

function run(args: string[], env: Record<string, string | undefined>) {
  const result = spawnSync(process.execPath, args, {
    cwd: webRoot,
    env: childEnv(env),
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("production start-up checks", () => {
  it("npm start: exits 1 naming every missing production setting", () => {
    const { status, output } = run(startArgs, unset);
    expect(status).toBe(1);
    expect(output).toContain("Refusing to start");
    for (const name of ["DATABASE_URL", "AUTH_SECRET", "UPSTASH_REDIS_REST_URL"])
      expect(output).toContain(name);
  });

  it("npm start: WEB_CONCURRENCY above 1 without the Upstash limiter is refused (each process would count its own limits)", () => {
    const { status, output } = run(startArgs, {
      ...unset,
      DATABASE_URL: "postgresql://postgres@127.0.0.1:1/none",
      AUTH_SECRET: "x".repeat(40),
      RATE_LIMIT_BACKEND: "memory",
      WEB_CONCURRENCY: "2",
    });
    expect(status).toBe(1);
    expect(output).toContain("WEB_CONCURRENCY: more than 1 worker needs the Upstash limiter");
  });

  it("next start without scripts/start.ts: the instrumentation hook stops the server too", async () => {
    const port = await getFreePort();
    const { status, output } = run(
      [
        require.resolve("next/dist/bin/next"),
        "start",
        "--port",
        String(port),
        "--hostname",
        "127.0.0.1",
      ],
      { ...unset, NODE_ENV: "production", DATABASE_URL: "postgresql://postgres@127.0.0.1:1/none" },
    );
    expect(status).toBe(1);
    expect(output).toContain("AUTH_SECRET is required in production");
    expect(output).not.toContain("DATABASE_URL is required");
  });

  it("production start-up creates the admin named by ADMIN_USERNAME/ADMIN_PASSWORD, who can then sign in as admin", async () => {
    const database = await createTestDatabase();
    const admin = { username: "Root_Operator", password: "a long operator passphrase 42" };
    const server = await startWebServer({
      env: {
        DATABASE_URL: database.url,
        ADMIN_USERNAME: admin.username,
        ADMIN_PASSWORD: admin.password,
      },
    });
    try {
      const res = await fetch(`${server.url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(admin),
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { user: { role: string } }).user.role).toBe("ADMIN");
      expect(await database.db.user.count({ where: { role: "ADMIN" } })).toBe(1);
    } finally {
      await server.stop();
      await database.drop();
    }
  });
});
