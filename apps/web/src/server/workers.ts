// `npm start` with WEB_CONCURRENCY > 1: this process only supervises. Each worker (node:cluster)
// is the whole production server (http-server.ts); the cluster shares the one listening port
// among them. Only allowed with the Upstash limiter (see the env rule): every worker then counts
// against the same limits.
//
// Signals: the supervisor drains the workers. SIGTERM or SIGINT here sends each worker the
// shutdown message, which starts its drain exactly as a first SIGTERM would; the supervisor
// exits when the last one has, with the worst exit code. Workers ignore SIGINT themselves: a
// terminal's Ctrl-C reaches the whole process group, and a worker hearing it both from the
// terminal and from us would take the second as "exit now". A second signal here ends the
// workers at once (SIGKILL) and exits 1.
import cluster, { type Worker } from "node:cluster";
import { getLogger } from "@taskfort/api/logger";

/** The IPC message that asks a worker to drain and exit (serveUntilSignalled listens for it). */
export const WORKER_SHUTDOWN_MESSAGE = "taskfort:shutdown";

export function superviseWorkers(count: number): Promise<number> {
  const log = getLogger();
  let stopping = false;
  let worst = 0;
  const listening = new WeakSet<Worker>();
  const fork = () => {
    const worker = cluster.fork();
    worker.once("listening", () => listening.add(worker));
  };
  const alive = (): Worker[] =>
    Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());

  return new Promise((resolve) => {
    const stop = (code: number) => {
      process.off("SIGTERM", onSignal);
      process.off("SIGINT", onSignal);
      resolve(code);
    };
    cluster.on("exit", (worker, code, signal) => {
      const exitCode = code ?? (signal ? 1 : 0);
      if (stopping) {
        worst = Math.max(worst, exitCode);
        if (alive().length === 0) stop(worst);
        return;
      }
      if (!listening.has(worker)) {
        // It died before it could serve (the database unreachable, a broken build): starting
        // another would only fail the same way, over and over.
        log.error(
          { event: "server.worker_failed", pid: worker.process.pid, code, signal },
          "a worker failed before it served; stopping",
        );
        stopping = true;
        worst = 1;
        for (const other of alive()) other.process.kill("SIGKILL");
        if (alive().length === 0) stop(1);
        return;
      }
      log.error(
        { event: "server.worker_exit", pid: worker.process.pid, code, signal },
        "a worker exited; starting another",
      );
      fork();
    });

    const onSignal = () => {
      if (stopping) {
        // Asked twice: the operator wants out now.
        for (const worker of alive()) worker.process.kill("SIGKILL");
        stop(1);
        return;
      }
      stopping = true;
      log.info({ event: "server.draining", workers: alive().length }, "draining every worker");
      for (const worker of alive()) if (worker.isConnected()) worker.send(WORKER_SHUTDOWN_MESSAGE);
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);

    for (let i = 0; i < count; i++) fork();
    log.info({ event: "server.workers", workers: count }, `supervising ${count} workers`);
  });
}
