// Work that must not hold up the answer it follows (a reset mail: the answer has to look and
// take the same whether or not a mail goes out). Failures are logged, never thrown; tests
// and graceful shutdown wait for it with flushBackgroundWork().
import { getLogger } from "./logger";

const pending = new Set<Promise<void>>();

export function runInBackground(
  what: string,
  requestId: string,
  work: () => Promise<unknown>,
): void {
  const task: Promise<void> = Promise.resolve()
    .then(work)
    .then(
      () => undefined,
      (error: unknown) => {
        getLogger().error(
          {
            event: "background.failed",
            what,
            requestId,
            err: error instanceof Error ? error.message : String(error),
          },
          `${what} failed`,
        );
      },
    )
    .finally(() => pending.delete(task));
  pending.add(task);
}

export async function flushBackgroundWork(): Promise<void> {
  while (pending.size) await Promise.allSettled([...pending]);
}
