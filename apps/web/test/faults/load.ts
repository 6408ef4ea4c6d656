// Load for the fault suite: plain node:http clients over keep-alive connections, so every
// request's fate is known (status and complete body, or the socket error) with the moments it
// was written and answered. Every loop is bounded in count and in time.
import { Agent, request, type IncomingHttpHeaders } from "node:http";

export interface RequestSpec {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** A label the test uses to sort outcomes (e.g. "create", "read", "health"). */
  tag: string;
  /** Anything the test wants back with the outcome (e.g. the unique title of a create). */
  key?: string;
}

export interface Outcome {
  tag: string;
  key?: string;
  /** performance.now() when the request was started, when its last byte was written, when it ended. */
  startedAt: number;
  writtenAt: number | null;
  endedAt: number;
  /** Present when a complete answer came back. */
  status?: number;
  headers?: IncomingHttpHeaders;
  text?: string;
  /** The socket error when no complete answer came back ("timeout" when the bound passed). */
  error?: string;
}

export const elapsed = (outcome: Outcome) => outcome.endedAt - outcome.startedAt;

/** Fails the request (error "timeout") after this long: the suite's "no hang" bound. */
export const REQUEST_BOUND_MS = 5_000;

/** A mended fault (Postgres or Redis back) → requests succeed again within this. */
export const RECOVERY_BOUND_MS = 5_000;

export function httpCall(
  port: number,
  spec: RequestSpec,
  agent: Agent | false,
  timeoutMs = REQUEST_BOUND_MS,
): Promise<Outcome> {
  const startedAt = performance.now();
  const body =
    spec.body === undefined
      ? undefined
      : Buffer.from(typeof spec.body === "string" ? spec.body : JSON.stringify(spec.body));
  return new Promise((resolve) => {
    let writtenAt: number | null = null;
    let settled = false;
    const settle = (rest: Partial<Outcome>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({
        tag: spec.tag,
        key: spec.key,
        startedAt,
        writtenAt,
        endedAt: performance.now(),
        ...rest,
      });
    };
    const req = request({
      host: "127.0.0.1",
      port,
      method: spec.method ?? "GET",
      path: spec.path,
      headers: {
        ...(body && { "content-type": "application/json", "content-length": body.length }),
        ...spec.headers,
      },
    });
    const timer = setTimeout(() => {
      settle({ error: "timeout" });
      req.destroy();
    }, timeoutMs);
    req.on("finish", () => (writtenAt = performance.now()));
    req.on("error", (error: NodeJS.ErrnoException) =>
      settle({ error: error.code ?? error.message }),
    );
    req.on("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => settle({ status: res.statusCode, headers: res.headers, text }));
      res.on("error", (error: NodeJS.ErrnoException) =>
        settle({ error: error.code ?? error.message }),
      );
    });
    req.end(body);
  });
}

export interface LoadOptions {
  port: number;
  /** Concurrent clients, each on its own keep-alive connection. */
  clients: number;
  /** The i-th request of client c (`previous`: the answer to its request before). */
  next: (client: number, i: number, previous: Outcome | undefined) => RequestSpec;
  /** Hard bounds: the load stops at whichever comes first (or at stop()). */
  maxRequests: number;
  maxMs: number;
  /** Least time between the starts of one client's requests (an error answers fast; no spinning), or per client. */
  paceMs?: number | ((client: number) => number);
}

export interface Load {
  outcomes: Outcome[];
  /** Stops the clients after their current request; resolves with every outcome. */
  stop(): Promise<Outcome[]>;
  done: Promise<Outcome[]>;
}

export function startLoad(options: LoadOptions): Load {
  // A connection of its own per client, used without pause longer than the client's pace: a
  // shared pool leaves some connections idle until the server's keep-alive timeout closes them,
  // and a request sent on one at that very moment is reset (the client's side of keep-alive,
  // not the server's fault; real clients retry it).
  const agents = Array.from(
    { length: options.clients },
    () => new Agent({ keepAlive: true, maxSockets: 1 }),
  );
  const outcomes: Outcome[] = [];
  const deadline = performance.now() + options.maxMs;
  let stopped = false;
  let sent = 0;
  const client = async (c: number) => {
    let previous: Outcome | undefined;
    for (let i = 0; !stopped && sent < options.maxRequests && performance.now() < deadline; i++) {
      sent++;
      const started = performance.now();
      previous = await httpCall(options.port, options.next(c, i, previous), agents[c]!);
      outcomes.push(previous);
      const pace = typeof options.paceMs === "function" ? options.paceMs(c) : options.paceMs;
      const rest = (pace ?? 0) - (performance.now() - started);
      if (rest > 0) await new Promise((r) => setTimeout(r, rest));
    }
  };
  const done = Promise.all(Array.from({ length: options.clients }, (_, c) => client(c))).then(
    () => {
      for (const agent of agents) agent.destroy();
      return outcomes;
    },
  );
  return {
    outcomes,
    done,
    stop() {
      stopped = true;
      return done;
    },
  };
}

/** Waits until `check` holds, polling every 50 ms, for at most `ms`; resolves whether it held. */
export async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!check()) {
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/** The p-th percentile (0..100) of the numbers, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
