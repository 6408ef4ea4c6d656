// The production server (`npm start`; `npm run dev` and the test servers run it too): a
// small node:http server that owns the socket. Not part of Next's bundles; run with tsx.
//
// Per request it opens the request scope once (our own request id, the client address
// from the socket peer then the TRUST_PROXY rules), writes the one request log line when
// the response closes (pages, static files, 404s, next-auth and the API alike), answers
// /api/trpc/*, /api/v1/* and /api/health by calling the shared handler directly
// (api-handler.ts; Next's routing in front of it cost ~10x in throughput), and hands
// everything else to Next's request handler.
//
// Graceful shutdown (SIGTERM/SIGINT): /api/health answers 503 "draining", the listener
// stops accepting, a keep-alive connection closes after its current request, in-flight
// requests finish, then the database pool and the log file are closed and the process
// exits 0; after SHUTDOWN_TIMEOUT_MS it stops waiting (exit 1), and a second signal exits
// at once.
import cluster from "node:cluster";
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Server as NetServer, type Socket } from "node:net";
import next from "next";
import {
  closeLogger,
  ensureAdminFromEnv,
  flushBackgroundWork,
  getLogger,
  newRequestScope,
  resolveClientIp,
  runInRequestScope,
  startProcessHousekeeping,
  stopProcessHousekeeping,
  writeRequestLine,
  type RequestScope,
} from "@taskfort/api";
import { REFUSED_BODY_DISCARD_BYTES } from "@taskfort/api/limits";
import { getEnv } from "@taskfort/config/env";
import { closeDb, getDb } from "@taskfort/db";
import { handleApi, isApiPath } from "./api-handler";
import { markOwnServer, startDraining } from "./lifecycle";
import { REQUEST_ID_HEADER } from "./request-scope";
import { pageRouteTemplate } from "./route-templates";
import { WORKER_SHUTDOWN_MESSAGE } from "./workers";

export interface HttpServerOptions {
  dev: boolean;
  dir: string;
  /** Undefined: every interface (as `next start` does). */
  hostname?: string;
  port: number;
}

export interface RunningServer {
  /** The port actually bound (useful with port 0). */
  port: number;
  /** Drains and closes; resolves with the exit code (0 clean, 1 when the timeout cut it short). */
  shutdown(): Promise<number>;
}

const METHODS_WITHOUT_BODY = new Set(["GET", "HEAD"]);

/** The header values the client-address rules read, as a fetch Headers. */
function forwardingHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const name of ["x-forwarded-for", "x-vercel-forwarded-for", "x-real-ip"]) {
    const value = req.headers[name];
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return headers;
}

/**
 * The request body as a web stream. Not Readable.toWeb: cancelling that destroys the socket,
 * so a client still sending a body we refused (413) would see a reset instead of our answer.
 * Cancelled, this stops listening; the rest of a refused body is discardRefusedBody's.
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  const onData = (chunk: Buffer) => {
    controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if ((controller.desiredSize ?? 0) <= 0) req.pause();
  };
  const onEnd = () => controller.close();
  const onError = (error: Error) => controller.error(error);
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  return new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      req.on("data", onData);
      req.once("end", onEnd);
      req.once("error", onError);
      req.pause();
    },
    pull() {
      req.resume();
    },
    cancel() {
      // All three go: an "end" arriving later would close a cancelled controller, which
      // throws inside the request's own event (and took the connection's parser with it).
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      // Paused, not resumed: the rest of the body is read only by discardRefusedBody, which counts
      // it. Resuming here let the socket drain uncounted while the answer was being made (a slow
      // answer under load let an endless upload through far past the bound).
      req.pause();
    },
  });
}

/**
 * A body we refused unread (413): the rest is read and dropped before we answer, up to
 * REFUSED_BODY_DISCARD_BYTES, so the client can finish its upload, read our answer and keep
 * using the connection (answering mid-upload and closing is a reset the client sees instead
 * of the 413; answering mid-upload and keeping the connection desynchronises its parser).
 * Resolves false when the bound was passed or the client went away: the connection is then
 * cut without an answer, so nobody keeps the server reading for free.
 */
function discardRefusedBody(req: IncomingMessage): Promise<boolean> {
  return new Promise((resolve) => {
    let left = REFUSED_BODY_DISCARD_BYTES;
    req.removeAllListeners("data");
    req.on("data", (chunk: Buffer) => {
      left -= chunk.byteLength;
      if (left < 0) {
        req.pause();
        resolve(false);
      }
    });
    req.once("end", () => resolve(true));
    req.once("close", () => resolve(req.complete));
    req.resume();
  });
}

/** The node request as a fetch Request (the body streams; the shared handler caps it). */
function toFetchRequest(req: IncomingMessage): Request {
  const host = req.headers.host;
  const base = host && URL.canParse(`http://${host}`) ? `http://${host}` : "http://localhost";
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2)
    headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const method = req.method ?? "GET";
  const init: RequestInit & { duplex?: "half" } = {
    method,
    headers,
    body: METHODS_WITHOUT_BODY.has(method) ? undefined : bodyStream(req),
    // Required by undici for a streamed body (missing from the DOM typings).
    duplex: "half",
  };
  return new Request(new URL(req.url ?? "/", base), init);
}

/** Logged for a request whose client hung up before the answer was complete. */
const CLIENT_CLOSED_REQUEST = 499;

async function sendFetchResponse(
  req: IncomingMessage,
  res: ServerResponse,
  response: Response,
): Promise<void> {
  // The head as one flat list for writeHead: Node builds it from the list directly, where a
  // setHeader per header validated, lower-cased and stored each first (headers were a tenth of
  // an API request's CPU). Headers the server set before (Connection while draining) still merge.
  const head: string[] = [];
  for (const [name, value] of response.headers) if (name !== "set-cookie") head.push(name, value);
  for (const cookie of response.headers.getSetCookie()) head.push("set-cookie", cookie);
  // The client may have gone (a page navigated away mid-request): nothing to send, nothing failed.
  if (!response.body || req.method === "HEAD" || res.destroyed) {
    await response.body?.cancel();
    res.writeHead(response.status, head);
    res.end();
    return;
  }
  // Every API answer is built in memory (JSON, an export), so it goes out in one write with
  // its length: piping the web stream through Readable.fromWeb cost several writes and a
  // stream per response.
  const body = new Uint8Array(await response.arrayBuffer());
  if (res.destroyed) return;
  head.push("content-length", String(body.byteLength));
  res.writeHead(response.status, head);
  res.end(body);
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const env = getEnv();
  // Before Next loads: its instrumentation hook then leaves the start-up work to this server.
  markOwnServer();
  const app = next({
    dev: options.dev,
    dir: options.dir,
    hostname: options.hostname,
    port: options.port,
  });
  await app.prepare();
  const handleNext = app.getRequestHandler();
  const log = getLogger();
  // The operator's admin exists before the first request (the API path may be the first
  // one, and it does not pass Next's instrumentation hook, which does this for bare `next start`).
  if (env.ADMIN_USERNAME) await ensureAdminFromEnv(getDb());
  // Expired trash is purged by this process on a timer (also started by instrumentation-node.ts
  // for bare `next start`; whichever comes first runs it, once).
  startProcessHousekeeping(getDb());

  let draining = false;
  let inFlight = 0;
  let drained: (() => void) | null = null;
  const idle = new Set<Socket>();

  async function serve(req: IncomingMessage, res: ServerResponse, scope: RequestScope) {
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    if (isApiPath(pathname)) {
      const response = await handleApi(toFetchRequest(req));
      if (!req.complete && !(await discardRefusedBody(req))) {
        await response.body?.cancel();
        req.socket.destroy();
        return;
      }
      await sendFetchResponse(req, res, response);
      return;
    }
    // Next and the proxy read the id from the scope; the header is for code that only sees
    // headers, and overwrites whatever the client sent under that name.
    req.headers[REQUEST_ID_HEADER] = scope.requestId;
    res.setHeader(REQUEST_ID_HEADER, scope.requestId);
    scope.route = pageRouteTemplate(pathname);
    await handleNext(req, res);
  }

  const server = createServer((req, res) => {
    const started = performance.now();
    const scope = newRequestScope(
      resolveClientIp({
        peer: req.socket.remoteAddress,
        headers: forwardingHeaders(req),
        trustProxy: env.TRUST_PROXY,
      }),
    );
    inFlight++;
    idle.delete(req.socket);
    // A keep-alive connection closes after the request it carries while draining.
    if (draining) res.setHeader("connection", "close");
    // "close", not "finish": it also fires when the client went away mid-response.
    res.once("close", () => {
      writeRequestLine(scope, {
        method: req.method ?? "GET",
        path: new URL(req.url ?? "/", "http://localhost").pathname,
        // The client left before the answer was complete: nginx's 499, not the status never sent.
        status: res.writableFinished ? res.statusCode : CLIENT_CLOSED_REQUEST,
        durationMs: performance.now() - started,
      });
      inFlight--;
      if (!req.socket.destroyed) idle.add(req.socket);
      if (draining) {
        // Headers may have gone out before the drain began: close this connection now.
        if (!res.hasHeader("connection") || res.getHeader("connection") !== "close")
          req.socket.end();
        if (inFlight === 0) drained?.();
      }
    });
    void runInRequestScope(scope, () =>
      serve(req, res, scope).catch((error: unknown) => {
        log.error({ requestId: scope.requestId, err: error }, "request failed in the server");
        if (!res.headersSent) {
          res.statusCode = 500;
          res.setHeader("content-type", "text/plain; charset=utf-8");
          res.end("Internal Server Error");
        } else {
          res.destroy();
        }
      }),
    );
  });
  server.on("connection", (socket: Socket) => {
    idle.add(socket);
    socket.once("close", () => idle.delete(socket));
  });
  const upgrade = app.getUpgradeHandler();
  // next dev's hot reloading talks over a WebSocket.
  server.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) => {
    void upgrade(req, socket, head);
  });

  server.listen(options.port, options.hostname);
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;

  let shuttingDown: Promise<number> | null = null;
  function shutdown(): Promise<number> {
    shuttingDown ??= (async () => {
      draining = true;
      startDraining();
      log.info({ event: "server.draining", inFlight }, "draining: finishing in-flight requests");
      // Stop accepting new connections. net.Server's close, not http.Server's: the latter
      // also drops idle keep-alive connections at once, and a load balancer holding one
      // should still be able to ask /api/health and learn that we are draining.
      NetServer.prototype.close.call(server);
      const timeout = env.SHUTDOWN_TIMEOUT_MS;
      let timer: NodeJS.Timeout | undefined;
      const finished =
        inFlight === 0
          ? Promise.resolve(true)
          : new Promise<boolean>((resolve) => {
              drained = () => resolve(true);
              timer = setTimeout(() => resolve(false), timeout);
            });
      const clean = await finished;
      clearTimeout(timer);
      if (!clean)
        log.error(
          { event: "server.shutdown_timeout", inFlight, timeoutMs: timeout },
          "shutdown: requests still running after SHUTDOWN_TIMEOUT_MS; closing them",
        );
      server.closeAllConnections();
      for (const socket of idle) socket.destroy();
      await app.close().catch(() => {});
      await flushBackgroundWork();
      // No clean-up round may start, or be cut off, once the pool is closing.
      await stopProcessHousekeeping();
      await closeDb().catch((error: unknown) =>
        log.error({ err: error }, "shutdown: closing the database pool failed"),
      );
      log.info({ event: "server.stopped", clean }, "stopped");
      await closeLogger();
      return clean ? 0 : 1;
    })();
    return shuttingDown;
  }

  return { port, shutdown };
}

/** After the drain, how long closing Next, the database pool and the log file may take. */
const CLEANUP_GRACE_MS = 3_000;

/**
 * Starts the server and serves until SIGTERM or SIGINT, then drains (see above); a second
 * signal exits at once. Resolves with the exit code.
 */
export async function serveUntilSignalled(options: HttpServerOptions): Promise<number> {
  const running = await startHttpServer(options);
  getLogger().info(
    { event: "server.listening", hostname: options.hostname, port: running.port },
    `listening on http://${options.hostname ?? "localhost"}:${running.port}`,
  );
  return new Promise((resolve) => {
    // A worker under superviseWorkers (WEB_CONCURRENCY > 1) drains when the supervisor says so
    // and leaves Ctrl-C to it (see workers.ts); a SIGTERM sent to the worker itself still counts.
    const worker = cluster.isWorker;
    const signals: NodeJS.Signals[] = worker ? ["SIGTERM"] : ["SIGTERM", "SIGINT"];
    if (worker) process.on("SIGINT", () => {});
    const onMessage = (message: unknown) => {
      if (message === WORKER_SHUTDOWN_MESSAGE) onSignal();
    };
    const onSignal = () => {
      for (const signal of signals) process.off(signal, onSignal);
      process.off("message", onMessage);
      // Asked twice: the operator wants out now.
      const now = () => process.exit(1);
      for (const signal of signals) process.once(signal, now);
      // The drain is bounded by SHUTDOWN_TIMEOUT_MS; closing Next, the pool and the log after it
      // must not hang the exit either (a supervisor would have to kill us).
      setTimeout(() => {
        getLogger().error({ event: "server.exit_forced" }, "shutdown: clean-up did not finish");
        process.exit(1);
      }, getEnv().SHUTDOWN_TIMEOUT_MS + CLEANUP_GRACE_MS).unref();
      void running.shutdown().then(resolve);
    };
    for (const signal of signals) process.on(signal, onSignal);
    if (worker) process.on("message", onMessage);
  });
}
