// Whether the production server is draining (SIGTERM/SIGINT received): /api/health then
// answers 503 so load balancers stop sending. On globalThis: the server and Next's
// bundles may each load this module.
const globalForLifecycle = globalThis as unknown as { taskfortDraining?: boolean };

export function isDraining(): boolean {
  return globalForLifecycle.taskfortDraining === true;
}

export function startDraining(): void {
  globalForLifecycle.taskfortDraining = true;
}
