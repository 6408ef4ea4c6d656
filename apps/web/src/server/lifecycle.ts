// Process-wide facts shared by our server and Next's bundles, which each load their own copy of
// this module (hence globalThis): whether our own server (http-server.ts) runs the process, and
// whether it is draining (SIGTERM/SIGINT received: /api/health then answers 503 so load
// balancers stop sending).
const globalForLifecycle = globalThis as unknown as {
  taskfortDraining?: boolean;
  taskfortOwnServer?: boolean;
};

/** True in `npm start` / `npm run dev`: our server did the start-up work before Next loaded. */
export function isOwnServer(): boolean {
  return globalForLifecycle.taskfortOwnServer === true;
}

export function markOwnServer(): void {
  globalForLifecycle.taskfortOwnServer = true;
}

export function isDraining(): boolean {
  return globalForLifecycle.taskfortDraining === true;
}

export function startDraining(): void {
  globalForLifecycle.taskfortDraining = true;
}
