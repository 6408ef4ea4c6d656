import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv, productionProblems } from "./env";

describe("env", () => {
  it("env: a bad value stops start-up with a message naming the setting", () => {
    expect(() => parseEnv({ PORT: "eighty" })).toThrow(EnvError);
    expect(() => parseEnv({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => parseEnv({ RATE_LIMIT_USER: "100 per minute" })).toThrow(
      /RATE_LIMIT_USER: must look like 100\/1m/,
    );
    expect(() => parseEnv({ CORS_ALLOWED_ORIGINS: "https://app.example.com/path" })).toThrow(
      /CORS_ALLOWED_ORIGINS/,
    );
  });

  it("env: empty strings count as unset, and defaults apply", () => {
    const env = parseEnv({ DATABASE_URL: "", PORT: "" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PORT).toBe(3000);
    expect(env.RATE_LIMIT_ANON).toBe("50/1m");
    expect(env.SHUTDOWN_TIMEOUT_MS).toBe(10_000);
  });

  it("env: SHUTDOWN_TIMEOUT_MS is a whole number of milliseconds", () => {
    expect(parseEnv({ SHUTDOWN_TIMEOUT_MS: "2500" }).SHUTDOWN_TIMEOUT_MS).toBe(2500);
    expect(() => parseEnv({ SHUTDOWN_TIMEOUT_MS: "soon" })).toThrow(/SHUTDOWN_TIMEOUT_MS/);
    expect(() => parseEnv({ SHUTDOWN_TIMEOUT_MS: "-1" })).toThrow(/SHUTDOWN_TIMEOUT_MS/);
  });

  it("env: production without a database, a secret or Upstash names each missing setting", () => {
    const problems = productionProblems(parseEnv({ NODE_ENV: "production" })).join("\n");
    for (const name of ["DATABASE_URL", "AUTH_SECRET", "UPSTASH_REDIS_REST_URL"])
      expect(problems).toContain(name);
  });

  it("env: production accepts the in-process limiter only when RATE_LIMIT_BACKEND=memory says so", () => {
    const base = {
      NODE_ENV: "production",
      DATABASE_URL: "postgresql://db/app",
      AUTH_SECRET: "x".repeat(32),
    };
    expect(productionProblems(parseEnv(base))).toHaveLength(1);
    expect(productionProblems(parseEnv({ ...base, RATE_LIMIT_BACKEND: "memory" }))).toEqual([]);
  });
});

describe("process.env is read only here", () => {
  const eslint = new ESLint({
    cwd: fileURLToPath(new URL("../../..", import.meta.url)),
    overrideConfigFile: fileURLToPath(new URL("../eslint.config.js", import.meta.url)),
  });

  it("lint: process.env anywhere else is an error pointing at @taskfort/config/env", async () => {
    const [result] = await eslint.lintText("export const url = process.env.DATABASE_URL;\n", {
      filePath: "apps/web/src/example.ts",
    });
    expect(result?.messages.map((m) => m.ruleId)).toContain("no-restricted-properties");
    expect(result?.messages[0]?.message).toContain("@taskfort/config/env");
  });
});
