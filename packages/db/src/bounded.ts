// Reads that may be slow (a search for a common word scans many long rows) run with a
// statement timeout, so one of them can never hold a pool connection for long.
import { ignoreConnectionError, poolOf, type Db } from "./client";
import { sqlOn, type Sql } from "./sql";

/** Postgres cancelled the statement: it ran past its statement_timeout (SQLSTATE 57014). */
export class StatementTimeoutError extends Error {
  override name = "StatementTimeoutError";
}

const QUERY_CANCELED = "57014";

function isQueryCanceled(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === QUERY_CANCELED;
}

/**
 * Runs `read` in a transaction whose statements Postgres cancels after `ms` milliseconds
 * (SET LOCAL: the setting ends with the transaction, the pooled connection keeps its default).
 * A cancelled statement rejects with StatementTimeoutError. The statements are not prepared
 * (see sqlOn): what runs here is a search, whose plan depends on its pattern.
 */
export async function withStatementTimeout<T>(
  db: Db,
  ms: number,
  read: (sql: Sql) => Promise<T>,
): Promise<T> {
  if (!Number.isInteger(ms) || ms <= 0)
    throw new Error(`statement timeout must be a positive integer, got ${ms}`);
  const client = await poolOf(db).pool.connect();
  // While checked out, a dropped connection is an "error" event on it (fatal unheard); the
  // statement in flight rejects with it anyway.
  client.on("error", ignoreConnectionError);
  let broken: unknown;
  try {
    await client.query("BEGIN");
    // A validated integer: SET takes no bind parameters.
    await client.query(`SET LOCAL statement_timeout = ${ms}`);
    const result = await read(sqlOn(client, false));
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch((rollbackError: unknown) => {
      broken = rollbackError;
    });
    if (isQueryCanceled(error))
      throw new StatementTimeoutError(`statement cancelled after ${ms} ms`, { cause: error });
    throw error;
  } finally {
    client.off("error", ignoreConnectionError);
    // A connection that could not even roll back is not handed to the next request.
    client.release(broken instanceof Error ? broken : undefined);
  }
}
