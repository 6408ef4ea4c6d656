// What the fault tests share: the mixed write/read load they run while something breaks, the
// reading of its outcomes (which answers are allowed, which writes must be in the database),
// and the check of the 503 envelope.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll } from "vitest";
import { GENERIC_INTERNAL_MESSAGE } from "@taskfort/api";
import { getEnv } from "@taskfort/config/env";
import { send } from "../client";
import type { Outcome, RequestSpec } from "./load";

/** Label every fault create carries: a create that is "half done" has its task row without it. */
export const FAULT_LABEL = "fault";

/**
 * Client c's i-th request: mostly creates (unique titles, one label), some list reads and
 * health probes. Creates are what the lost-write check counts.
 */
export function mixedLoad(token: string, run = randomBytes(3).toString("hex")) {
  const auth = { authorization: `Bearer ${token}` };
  return (c: number, i: number): RequestSpec => {
    if (i % 5 === 4) return { tag: "read", path: "/api/v1/tasks?pageSize=5", headers: auth };
    if (c === 0 && i % 2 === 1) return { tag: "health", path: "/api/health" };
    const title = `Fault ${run} ${c} ${i}`;
    return {
      tag: "create",
      key: title,
      method: "POST",
      path: "/api/v1/tasks",
      headers: auth,
      body: { title, labels: [FAULT_LABEL] },
    };
  };
}

/** Text that must never reach a client: database, driver and stack details. */
export const LEAKS = [
  /prisma/i,
  /P\d{4}/,
  /\b(select|insert|update|delete)\b.*\b(from|into|set)\b/i,
  /relation|column|constraint|ECONN|postgres|pglite|terminat/i,
  /\bat \S+ \(|\.(ts|js|mjs):\d+/,
  /stack/i,
];

/** Why this answer is not the contract's 503 envelope (SERVICE_UNAVAILABLE, a message of ours, no leak), or null. */
export function notUnavailableEnvelope(outcome: Outcome): string | null {
  if (outcome.status !== 503) return `status ${outcome.status ?? outcome.error}`;
  let body: { error?: { code?: string; message?: string; requestId?: string } };
  try {
    body = JSON.parse(outcome.text ?? "") as typeof body;
  } catch {
    return `not JSON: ${outcome.text}`;
  }
  const error = body.error;
  if (error?.code !== "SERVICE_UNAVAILABLE") return `code ${error?.code}`;
  if (!error.message || error.message === GENERIC_INTERNAL_MESSAGE)
    return `message ${error.message}`;
  if (!error.requestId) return "no requestId";
  const leak = LEAKS.find((l) => l.test(outcome.text ?? ""));
  return leak ? `leaks ${leak}: ${outcome.text}` : null;
}

/** Every answer of the load is a success or a clean 503; returns the ones that are not. */
export function unexpectedAnswers(outcomes: Outcome[]): Outcome[] {
  return outcomes.filter((o) => {
    if (o.tag === "health") return o.status !== 200 && o.status !== 503;
    if (o.status !== undefined && o.status < 300) return false;
    return notUnavailableEnvelope(o) !== null;
  });
}

export interface WriteCheck {
  /** Creates answered 2xx. */
  acknowledged: number;
  /** Of those, not in the database (must be 0). */
  lost: string[];
  /** Task rows of this run without their label (must be 0). */
  halfDone: string[];
  /** Creates that got an error yet are stored, complete (the answer was lost, not the write). */
  storedDespiteError: number;
  /** Creates stored twice (must be 0). */
  duplicated: string[];
}

/** Compares the creates the load made with the rows in the database. */
export async function checkWrites(databaseUrl: string, outcomes: Outcome[]): Promise<WriteCheck> {
  const creates = outcomes.filter((o) => o.tag === "create");
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ title: string; labels: number }>(
      `SELECT t.title, count(l."name") FILTER (WHERE l."name" = $2)::int AS labels
         FROM "Task" t LEFT JOIN "TaskLabel" tl ON tl."taskId" = t.id LEFT JOIN "Label" l ON l.id = tl."labelId"
        WHERE t.title = ANY($1) GROUP BY t.id, t.title`,
      [creates.map((o) => o.key), FAULT_LABEL],
    );
    const stored = new Map<string, number>();
    for (const row of rows) stored.set(row.title, (stored.get(row.title) ?? 0) + 1);
    const ok = creates.filter((o) => o.status === 201);
    const failed = creates.filter((o) => o.status !== 201);
    return {
      acknowledged: ok.length,
      lost: ok.filter((o) => !stored.has(o.key!)).map((o) => o.key!),
      halfDone: rows.filter((r) => r.labels !== 1).map((r) => r.title),
      storedDespiteError: failed.filter((o) => stored.has(o.key!)).length,
      duplicated: [...stored].filter(([, n]) => n > 1).map(([title]) => title),
    };
  } finally {
    await client.end();
  }
}

/**
 * Null when the service's setting is there; otherwise why the fault is skipped, or (CI=true)
 * a thrown error: CI must run every fault.
 */
export function missingServiceReason(setting: "DATABASE_URL" | "REDIS_URL", present: boolean) {
  if (present) return null;
  const reason = `${setting} is not set: the fault needs the real service (e.g. ${
    setting === "DATABASE_URL"
      ? "DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres"
      : "REDIS_URL=redis://127.0.0.1:6379"
  })`;
  if (getEnv().CI) throw new Error(`CI=true: ${reason}`);
  console.warn(`[faults] skipping: ${reason}`);
  return reason;
}

/** Limits far above what the fault load sends: the limiter is not what these faults are about. */
export const UNLIMITED = {
  RATE_LIMIT_USER: "1000000/1m",
  RATE_LIMIT_ANON: "1000000/1m",
  RATE_LIMIT_AUTH: "1000000/1m",
  LOG_LEVEL: "silent",
};

/** A user and an API token for it, over the public REST API. */
export async function tokenUser(baseUrl: string): Promise<{ username: string; token: string }> {
  const credentials = {
    username: `fault_${randomBytes(4).toString("hex")}`,
    password: "a perfectly decent passphrase 7",
  };
  const post = (path: string) =>
    send(`${baseUrl}/api/v1/auth/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(credentials),
    });
  const registered = await post("register");
  if (registered.status !== 201)
    throw new Error(`register: ${registered.status} ${registered.text}`);
  const login = await post("login");
  if (login.status !== 200) throw new Error(`login: ${login.status} ${login.text}`);
  return { username: credentials.username, token: (login.body as { token: string }).token };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Registers clean-ups (servers, databases, clients) run after the file's tests, last first. */
export function useCleanups(): (cleanup: () => Promise<unknown>) => void {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });
  return (cleanup) => void cleanups.push(cleanup);
}
