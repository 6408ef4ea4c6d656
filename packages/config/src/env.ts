/* eslint-disable no-restricted-properties -- this file is the one place process.env is read (the rule exists to send everyone else here). */
// The one place process.env is read (lint-enforced everywhere else). Every setting
// is parsed and validated here; a bad value stops start-up with a message naming it.
import { z } from "zod";

const rate = z
  .string()
  .regex(/^\d+\/\d+(s|m|h)$/, "must look like 100/1m (count/window with s, m or h)");

const optionalUrl = z.url().optional();
const optionalText = z.string().min(1).optional();

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    CI: z.stringbool().default(false),
    NEXT_PHASE: z.string().optional(),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DATABASE_URL: optionalUrl,
    REDIS_URL: optionalUrl,
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    /** The AUTH_SECRET before a rotation: authenticator secrets encrypted with it still open (and are re-encrypted). */
    AUTH_SECRET_PREVIOUS: z.string().min(32, "must be at least 32 characters").optional(),
    AUTH_URL: optionalUrl,
    AUTH_OIDC_ISSUER: optionalUrl,
    AUTH_OIDC_CLIENT_ID: optionalText,
    AUTH_OIDC_CLIENT_SECRET: optionalText,
    UPSTASH_REDIS_REST_URL: optionalUrl,
    UPSTASH_REDIS_REST_TOKEN: optionalText,
    RATE_LIMIT_USER: rate.default("100/1m"),
    RATE_LIMIT_ANON: rate.default("50/1m"),
    RATE_LIMIT_AUTH: rate.default("10/15m"),
    /** Two-factor code attempts (sign-in, confirm, disable), per user and per client IP. */
    RATE_LIMIT_OTP: rate.default("5/15m"),
    /** Cheap reads with no procedure (GET /api/health, next-auth's session, csrf and providers), per client IP. */
    RATE_LIMIT_PROBE: rate.default("600/1m"),
    /** Admins without a second factor may only enrol one until they have. */
    REQUIRE_ADMIN_2FA: z.stringbool().default(false),
    RATE_LIMIT_BACKEND: z.enum(["memory", "upstash"]).optional(),
    /** Per-account quotas (see packages/api/src/limits.ts): tasks kept (trash included), labels, active API tokens. */
    QUOTA_TASKS: z.coerce.number().int().min(1).max(10_000_000).default(10_000),
    QUOTA_LABELS: z.coerce.number().int().min(1).max(1_000_000).default(1_000),
    QUOTA_TOKENS: z.coerce.number().int().min(1).max(10_000).default(50),
    /** Audit events older than this many days are deleted (housekeeping, hourly). */
    AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(180),
    /**
     * The bearer token a Prometheus scraper sends to GET /api/metrics; unset, that endpoint is
     * 404. At least 32 characters: the endpoint is reachable by anyone who can reach the app and
     * is not rate limited per attempt like sign-in, so the token must be unguessable by volume
     * (e.g. `openssl rand -hex 32`).
     */
    METRICS_TOKEN: z.string().min(32, "must be at least 32 characters").optional(),
    CORS_ALLOWED_ORIGINS: z
      .string()
      .default("")
      .transform((value, ctx) => {
        const origins = value
          .split(",")
          .map((o) => o.trim())
          .filter(Boolean);
        for (const origin of origins) {
          const parsed = URL.canParse(origin) ? new URL(origin) : null;
          if (!parsed || parsed.origin !== origin) {
            ctx.addIssue({
              code: "custom",
              message: `"${origin}" is not an exact origin like https://app.example.com`,
            });
          }
        }
        return origins;
      }),
    TRUST_PROXY: z
      .string()
      .regex(/^(\d+|vercel)$/, "must be a number of trusted hops or 'vercel'")
      .optional()
      .transform((v) => (v === undefined ? 0 : v === "vercel" ? ("vercel" as const) : Number(v))),
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .default("info"),
    LOG_FILE: optionalText,
    /** How long `npm start` may drain on SIGTERM/SIGINT before it gives up waiting and exits. */
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
    /** Worker processes `npm start` runs (node:cluster); more than 1 only with the Upstash limiter. */
    WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
    ADMIN_USERNAME: optionalText,
    ADMIN_PASSWORD: optionalText,
    /** Outgoing mail (verification and reset links): smtp:// or smtps:// with credentials in the URL. */
    SMTP_URL: z
      .url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" })
      .optional(),
    /** The From of those mails, e.g. "Taskfort <no-reply@example.com>". */
    MAIL_FROM: optionalText,
    TASKFORT_DATA_DIR: z.string().default(".data"),
    /** Which database createTestDatabase() uses: real Postgres (DATABASE_URL) or embedded PGlite. */
    TASKFORT_TEST_DB: z.enum(["postgres", "pglite"]).optional(),
    /** How long the soak of the fault suite runs: 60 in CI (npm run test:faults), 600 for npm run soak. */
    SOAK_SECONDS: z.coerce.number().int().min(10).max(3_600).default(60),
  })
  .superRefine(settingsThatGoTogether);

/**
 * Settings that only make sense together. A function of its own so that start-up can also run it
 * on the raw values when single settings are already invalid (Zod skips an object's refinements
 * then), and a refusal names every problem at once.
 */
function settingsThatGoTogether(env: Record<string, unknown>, ctx: z.RefinementCtx): void {
  if (
    (env.AUTH_OIDC_ISSUER || env.AUTH_OIDC_CLIENT_ID || env.AUTH_OIDC_CLIENT_SECRET) &&
    !(env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_CLIENT_ID && env.AUTH_OIDC_CLIENT_SECRET)
  ) {
    ctx.addIssue({
      code: "custom",
      path: ["AUTH_OIDC_ISSUER"],
      message: "AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID and AUTH_OIDC_CLIENT_SECRET go together",
    });
  }
  if (Boolean(env.UPSTASH_REDIS_REST_URL) !== Boolean(env.UPSTASH_REDIS_REST_TOKEN)) {
    ctx.addIssue({
      code: "custom",
      path: ["UPSTASH_REDIS_REST_URL"],
      message: "UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN go together",
    });
  }
  if (env.RATE_LIMIT_BACKEND === "upstash" && !env.UPSTASH_REDIS_REST_URL) {
    ctx.addIssue({
      code: "custom",
      path: ["RATE_LIMIT_BACKEND"],
      message: "upstash needs UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN",
    });
  }
  // Each worker would keep its own in-process counters: N workers would allow N times every limit.
  if (Number(env.WEB_CONCURRENCY) > 1 && !env.UPSTASH_REDIS_REST_URL) {
    ctx.addIssue({
      code: "custom",
      path: ["WEB_CONCURRENCY"],
      message:
        "more than 1 worker needs the Upstash limiter (UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN): a limiter per process would multiply every rate limit",
    });
  }
  if ((env.ADMIN_USERNAME === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: ["ADMIN_USERNAME"],
      message: "ADMIN_USERNAME and ADMIN_PASSWORD go together",
    });
  }
}

export type Env = z.infer<typeof envSchema>;

/** The OIDC provider settings, or null: the one rule for "single sign-on is configured". */
export function oidcSettings(
  env: Env,
): { issuer: string; clientId: string; clientSecret: string } | null {
  const { AUTH_OIDC_ISSUER: issuer, AUTH_OIDC_CLIENT_ID: clientId } = env;
  const clientSecret = env.AUTH_OIDC_CLIENT_SECRET;
  return issuer && clientId && clientSecret ? { issuer, clientId, clientSecret } : null;
}

type Raw = Record<string, string | undefined>;

/** Settings a production server cannot run without; checked at start, not at build. */
export function productionProblems(env: Env | Raw): string[] {
  const problems: string[] = [];
  if (!env.DATABASE_URL)
    problems.push(
      "DATABASE_URL is required in production (the embedded database is for development only)",
    );
  if (!env.AUTH_SECRET)
    problems.push(
      "AUTH_SECRET is required in production (at least 32 random characters, e.g. `openssl rand -base64 48`)",
    );
  if (!env.UPSTASH_REDIS_REST_URL && env.RATE_LIMIT_BACKEND !== "memory") {
    problems.push(
      "UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN are required in production; set RATE_LIMIT_BACKEND=memory to accept a per-process limiter explicitly",
    );
  }
  if (env.SMTP_URL && !env.AUTH_URL)
    problems.push(
      "AUTH_URL is required in production when SMTP_URL is set (links in mails must not take their host from a request)",
    );
  if (env.SMTP_URL && !env.MAIL_FROM)
    problems.push("MAIL_FROM is required in production when SMTP_URL is set");
  return problems;
}

export class EnvError extends Error {
  override name = "EnvError";
}

/** Empty strings mean "unset" (the way .env files and CI matrices write them). */
function withoutEmpty(source: Raw): Raw {
  return Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
}

const issueLine = (i: z.core.$ZodIssue) => `${i.path.join(".") || "(env)"}: ${i.message}`;

export function parseEnv(source: Raw): Env {
  const result = envSchema.safeParse(withoutEmpty(source));
  if (!result.success)
    throw new EnvError(
      `Invalid environment configuration:\n  ${result.error.issues.map(issueLine).join("\n  ")}`,
    );
  return result.data;
}

/**
 * Every problem with these settings for a server about to start: invalid values, settings that
 * go together, and (in production, not while building) what production requires. All at once, so
 * an operator fixes the configuration in one go instead of one refusal at a time.
 */
export function startupProblems(source: Raw): string[] {
  const raw = withoutEmpty(source);
  const parsed = envSchema.safeParse(raw);
  const problems = parsed.success ? [] : parsed.error.issues.map(issueLine);
  if (!parsed.success) {
    const relations = z.record(z.string(), z.string()).superRefine(settingsThatGoTogether);
    const related = relations.safeParse(raw);
    if (!related.success) problems.push(...related.error.issues.map(issueLine));
  }
  if (raw.NODE_ENV === "production" && raw.NEXT_PHASE !== "phase-production-build")
    problems.push(...productionProblems(parsed.success ? parsed.data : raw));
  return [...new Set(problems)];
}

let cached: Env | undefined;

/** The parsed environment of this process (parsed once, on first use). */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Start-up check: the parsed env, or an EnvError naming every problem. */
export function assertStartupEnv(): Env {
  const problems = startupProblems(process.env);
  if (problems.length) throw new EnvError(`Refusing to start:\n  ${problems.join("\n  ")}`);
  return getEnv();
}

/** For tests and tooling: write a value into the live environment (child processes inherit it). */
export function setEnvForChildren(values: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  cached = undefined;
}

/** The raw environment to hand to a child process, plus overrides. */
export function childEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}
