import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import { EnvError, envSchema, parseEnv, productionProblems, startupProblems } from "./env";

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

  it("env: METRICS_TOKEN is unset (metrics off) or at least 32 characters", () => {
    expect(parseEnv({ METRICS_TOKEN: "" }).METRICS_TOKEN).toBeUndefined();
    expect(() => parseEnv({ METRICS_TOKEN: "short-guessable-token" })).toThrow(
      /METRICS_TOKEN: must be at least 32 characters/,
    );
    const token = "x".repeat(32);
    expect(parseEnv({ METRICS_TOKEN: token }).METRICS_TOKEN).toBe(token);
  });

  it("env: production without a database, a secret or Upstash names each missing setting", () => {
    const problems = productionProblems(parseEnv({ NODE_ENV: "production" })).join("\n");
    for (const name of ["DATABASE_URL", "AUTH_SECRET", "UPSTASH_REDIS_REST_URL"])
      expect(problems).toContain(name);
  });

  it("env: a start-up refusal names every bad setting at once (invalid values, pairs, production requirements)", () => {
    const problems = startupProblems({
      NODE_ENV: "production",
      PORT: "eighty",
      RATE_LIMIT_USER: "lots",
      ADMIN_USERNAME: "root",
    });
    for (const name of [
      "PORT",
      "RATE_LIMIT_USER",
      "ADMIN_USERNAME and ADMIN_PASSWORD go together",
      "DATABASE_URL is required",
      "AUTH_SECRET is required",
      "UPSTASH_REDIS_REST_URL",
    ])
      expect(problems.join("\n")).toContain(name);
    expect(
      startupProblems({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" }),
    ).toEqual([]);
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

  it("env: WEB_CONCURRENCY is a worker count, and more than 1 needs the Upstash limiter (in-process counters would multiply every limit)", () => {
    expect(parseEnv({}).WEB_CONCURRENCY).toBe(1);
    expect(() => parseEnv({ WEB_CONCURRENCY: "many" })).toThrow(/WEB_CONCURRENCY/);
    expect(() => parseEnv({ WEB_CONCURRENCY: "0" })).toThrow(/WEB_CONCURRENCY/);
    expect(() => parseEnv({ WEB_CONCURRENCY: "2" })).toThrow(
      /WEB_CONCURRENCY: more than 1 worker needs the Upstash limiter/,
    );
    // Even when the in-process limiter is accepted explicitly.
    expect(() => parseEnv({ WEB_CONCURRENCY: "2", RATE_LIMIT_BACKEND: "memory" })).toThrow(
      /WEB_CONCURRENCY/,
    );
    const upstash = {
      UPSTASH_REDIS_REST_URL: "https://example.upstash.io",
      UPSTASH_REDIS_REST_TOKEN: "token",
    };
    expect(parseEnv({ ...upstash, WEB_CONCURRENCY: "2" }).WEB_CONCURRENCY).toBe(2);
  });

  it("env: SMTP_URL must be smtp:// or smtps://, and in production mail needs AUTH_URL (the links' origin) and MAIL_FROM", () => {
    expect(() => parseEnv({ SMTP_URL: "http://mail.example.com" })).toThrow(/SMTP_URL/);
    expect(parseEnv({ SMTP_URL: "smtps://u:p@mail.example.com:465" }).SMTP_URL).toBe(
      "smtps://u:p@mail.example.com:465",
    );
    const base = {
      NODE_ENV: "production",
      DATABASE_URL: "postgresql://db/app",
      AUTH_SECRET: "x".repeat(32),
      RATE_LIMIT_BACKEND: "memory",
      SMTP_URL: "smtp://mail.example.com:587",
    };
    const problems = productionProblems(parseEnv(base)).join("\n");
    expect(problems).toContain("AUTH_URL");
    expect(problems).toContain("MAIL_FROM");
    expect(
      productionProblems(
        parseEnv({ ...base, AUTH_URL: "https://tasks.example.com", MAIL_FROM: "a@example.com" }),
      ),
    ).toEqual([]);
    // Without SMTP_URL, production runs with mail off (the pages say so), not refused.
    const { SMTP_URL: _smtp, ...withoutMail } = base;
    expect(productionProblems(parseEnv(withoutMail))).toEqual([]);
  });
});

describe("process.env is read only here", () => {
  // apps/web's own lint config; the text below is not a file on disk, so it is linted without
  // type information (the rule under test needs none).
  const eslint = new ESLint({
    cwd: fileURLToPath(new URL("../../..", import.meta.url)),
    overrideConfigFile: fileURLToPath(
      new URL("../../../apps/web/eslint.config.js", import.meta.url),
    ),
    overrideConfig: [
      tseslint.configs.disableTypeChecked,
      { languageOptions: { parserOptions: { projectService: false } } },
    ],
  });

  it("lint: process.env anywhere else is an error pointing at @taskfort/config/env", async () => {
    const [result] = await eslint.lintText("export const url = process.env.DATABASE_URL;\n", {
      filePath: "apps/web/src/example.ts",
    });
    expect(result?.messages.map((m) => m.ruleId)).toContain("no-restricted-properties");
    expect(result?.messages[0]?.message).toContain("@taskfort/config/env");
    // Loading the lint config (typescript-eslint, plugins) takes seconds on a busy machine.
  }, 60_000);
});

describe("every setting is documented", () => {
  // Set by the platform or the tools, not by an operator.
  const notOperatorSettings = new Set(["NODE_ENV", "CI", "NEXT_PHASE"]);
  const repoFile = (path: string) =>
    readFileSync(new URL(`../../../${path}`, import.meta.url), "utf8");

  it("env: every setting the schema reads is in .env.example (with a comment) and in docs/api.md", () => {
    const example = repoFile(".env.example");
    const docs = repoFile("docs/api.md");
    const settings = Object.keys(envSchema.shape).filter((name) => !notOperatorSettings.has(name));
    expect(settings.length).toBeGreaterThan(20);
    expect(settings.filter((name) => !new RegExp(`^#? ?${name}=`, "m").test(example))).toEqual([]);
    expect(settings.filter((name) => !docs.includes(`\`${name}\``))).toEqual([]);
  });
});
