// Route templates for the metrics `route` label (request-scope.ts `route`): a tRPC call is
// labelled by its procedure only when that procedure exists, so junk names cannot create series.
import { appRouter } from "./root";
import { OTHER_ROUTE } from "./metrics";

export const TRPC_BATCH_ROUTE = "/api/trpc/(batch)";

let procedures: ReadonlySet<string> | undefined;

/** `procedurePath` as the URL carries it: "task.list", or "task.list,task.get" for a batch. */
export function trpcRouteTemplate(procedurePath: string): string {
  procedures ??= new Set(Object.keys(appRouter._def.procedures));
  if (procedures.has(procedurePath)) return `/api/trpc/${procedurePath}`;
  // A batch's combinations are unbounded; one label for all of them.
  const names = procedurePath.split(",");
  return names.length > 1 && names.every((name) => procedures!.has(name))
    ? TRPC_BATCH_ROUTE
    : OTHER_ROUTE;
}
