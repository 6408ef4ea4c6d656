// Reads that may be slow (a search for a common word scans many long rows) run with a
// statement timeout, so one of them can never hold a pool connection for long.
import type { Db } from "./client";

/** The transaction client of an interactive transaction. */
export type DbTx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Postgres cancelled the statement: it ran past its statement_timeout (SQLSTATE 57014). */
export class StatementTimeoutError extends Error {
  override name = "StatementTimeoutError";
}

const QUERY_CANCELED = "57014";

function isQueryCanceled(error: unknown): boolean {
  // Prisma wraps the driver's error; the SQLSTATE survives in the message or in meta.
  const e = error as { code?: unknown; message?: unknown; meta?: { code?: unknown } } | null;
  return (
    e?.code === QUERY_CANCELED ||
    e?.meta?.code === QUERY_CANCELED ||
    (typeof e?.message === "string" &&
      e.message.includes("canceling statement due to statement timeout"))
  );
}

/**
 * Runs `read` in a transaction whose statements Postgres cancels after `ms` milliseconds
 * (SET LOCAL: the setting ends with the transaction, the pooled connection keeps its default).
 * A cancelled statement rejects with StatementTimeoutError.
 */
export async function withStatementTimeout<T>(
  db: Db,
  ms: number,
  read: (tx: DbTx) => Promise<T>,
): Promise<T> {
  if (!Number.isInteger(ms) || ms <= 0)
    throw new Error(`statement timeout must be a positive integer, got ${ms}`);
  try {
    return await db.$transaction(
      async (tx) => {
        // A validated integer: SET takes no bind parameters.
        await tx.$executeRawUnsafe(`SET LOCAL statement_timeout = ${ms}`);
        return read(tx);
        // Waiting for a pooled connection is not the statement's fault: give it longer than
        // Prisma's 2 s default before refusing, and the whole transaction a margin over `ms`.
      },
      { maxWait: 10_000, timeout: ms + 2_000 },
    );
  } catch (error) {
    if (isQueryCanceled(error))
      throw new StatementTimeoutError(`statement cancelled after ${ms} ms`, { cause: error });
    throw error;
  }
}
