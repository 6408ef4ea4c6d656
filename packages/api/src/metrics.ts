// Prometheus metrics (GET /api/metrics): requests by route template and status with their
// durations, rate-limit blocks by tier, security events (sign-in failures, CSRF blocks, ...),
// the database pool, and Node's default process metrics.
//
// Recorded in two places only, both already on every path: the one request line
// (middleware/logging.ts writeRequestLine) and the one security-event helper (audit.ts), plus
// the limiter's decision (ratelimit/enforce.ts), which sees every 429 where the audit log
// keeps one row per bucket and window.
//
// Labels are bounded by construction: `route` is a template someone set on the request scope
// (`/api/v1/tasks/{id}`, `/api/trpc/task.list`, a page) or the fixed "other", never a raw
// path; `method` is one of a fixed list; `status` is a status code; `tier` and `action` come
// from our own vocabularies. A client cannot create series by inventing paths or ids.
//
// Per process: a registry lives in one Node process (each WEB_CONCURRENCY worker, each
// serverless instance has its own); Prometheus sums them across its targets.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { currentPoolStats } from "@taskfort/db";
import type { AuditAction } from "./principal";
import type { RequestScope } from "./request-scope";

/** The label for requests no template matched (junk paths, unknown procedures, 404s). */
export const OTHER_ROUTE = "other";

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

interface Metrics {
  registry: Registry;
  requestDuration: Histogram<"method" | "route" | "status">;
  securityEvents: Counter<"action">;
  signInFailures: Counter;
  csrfBlocked: Counter;
  rateLimitBlocked: Counter<"tier">;
  rateLimiterUnavailable: Counter<"tier">;
}

function build(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const pool = (
    name: string,
    help: string,
    read: (s: NonNullable<ReturnType<typeof currentPoolStats>>) => number,
  ) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      // Read at scrape time: nothing is done per query.
      collect() {
        const stats = currentPoolStats();
        this.set(stats ? read(stats) : 0);
      },
    });
  pool("taskfort_db_pool_in_use", "Database connections checked out right now.", (s) => s.inUse);
  pool("taskfort_db_pool_idle", "Open database connections nobody is using.", (s) => s.idle);
  pool(
    "taskfort_db_pool_waiting",
    "Queries waiting for a database connection (the pool is at its max).",
    (s) => s.waiting,
  );
  pool("taskfort_db_pool_max", "The database pool's maximum size.", (s) => s.max);
  return {
    registry,
    requestDuration: new Histogram({
      name: "taskfort_http_request_duration_seconds",
      help: "HTTP requests by method, route template and status, with their durations (its _count is the request count).",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    securityEvents: new Counter({
      name: "taskfort_security_events_total",
      help: "Security events by action (the audit log's vocabulary; every event, aggregated audit rows included).",
      labelNames: ["action"],
      registers: [registry],
    }),
    signInFailures: new Counter({
      name: "taskfort_sign_in_failures_total",
      help: "Failed sign-ins (browser, REST token login, passkey).",
      registers: [registry],
    }),
    csrfBlocked: new Counter({
      name: "taskfort_csrf_blocked_total",
      help: "Cookie-authenticated writes refused for a foreign Origin.",
      registers: [registry],
    }),
    rateLimitBlocked: new Counter({
      name: "taskfort_rate_limit_blocked_total",
      help: "Requests refused with 429 by the rate limiter, by tier.",
      labelNames: ["tier"],
      registers: [registry],
    }),
    rateLimiterUnavailable: new Counter({
      name: "taskfort_rate_limiter_unavailable_total",
      help: "Limiter calls that failed or timed out (the tier then failed open or closed), by tier.",
      labelNames: ["tier"],
      registers: [registry],
    }),
  };
}

// On globalThis: the production server and Next's route bundles each carry a copy of this
// module (next-auth's sign-in runs in a bundle), but a process has one registry.
const globalForMetrics = globalThis as unknown as { taskfortMetrics?: Metrics };

function metrics(): Metrics {
  globalForMetrics.taskfortMetrics ??= build();
  return globalForMetrics.taskfortMetrics;
}

/** Recording never breaks a request: a metrics failure is dropped. */
function safely(record: (m: Metrics) => void): void {
  try {
    record(metrics());
  } catch {
    // see above
  }
}

/** One finished request (called with the request line). */
export function observeRequest(
  scope: RequestScope,
  method: string,
  status: number,
  durationMs: number,
): void {
  safely((m) =>
    m.requestDuration.observe(
      {
        method: METHODS.has(method) ? method : "OTHER",
        route: scope.route ?? OTHER_ROUTE,
        status: String(status),
      },
      durationMs / 1000,
    ),
  );
}

/** One security event (called by recordSecurityEvent for every event, stored or aggregated). */
export function countSecurityEvent(action: AuditAction): void {
  safely((m) => {
    m.securityEvents.inc({ action });
    if (action === "auth.login.failure") m.signInFailures.inc();
    else if (action === "csrf.blocked") m.csrfBlocked.inc();
  });
}

export function countRateLimitBlock(tier: string): void {
  safely((m) => m.rateLimitBlocked.inc({ tier }));
}

export function countRateLimiterUnavailable(tier: string): void {
  safely((m) => m.rateLimiterUnavailable.inc({ tier }));
}

/** The exposition: Prometheus text format. */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  const { registry } = metrics();
  return { contentType: registry.contentType, body: await registry.metrics() };
}
