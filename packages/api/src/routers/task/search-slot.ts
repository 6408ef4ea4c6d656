// Searches run within a per-process bound and a statement timeout (see SEARCH_* in limits.ts).
import { StatementTimeoutError, withStatementTimeout, type Db, type Sql } from "@taskfort/db";
import { AppError } from "../../errors";
import {
  SEARCH_BUSY_MESSAGE,
  SEARCH_CONCURRENCY,
  SEARCH_QUEUE,
  SEARCH_TIMEOUT_MESSAGE,
  SEARCH_TIMEOUT_MS,
} from "../../limits";

let running = 0;
const waiting: (() => void)[] = [];

/** Runs a search's reads in a slot, under the statement timeout; a timeout or a full queue is a 503 with a clear message. */
export async function boundedSearch<T>(db: Db, read: (sql: Sql) => Promise<T>): Promise<T> {
  if (running >= SEARCH_CONCURRENCY) {
    if (waiting.length >= SEARCH_QUEUE)
      throw new AppError("SERVICE_UNAVAILABLE", SEARCH_BUSY_MESSAGE);
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else running++;
  try {
    return await withStatementTimeout(db, SEARCH_TIMEOUT_MS, read);
  } catch (error) {
    if (error instanceof StatementTimeoutError)
      throw new AppError("SERVICE_UNAVAILABLE", SEARCH_TIMEOUT_MESSAGE, {
        expose: true,
        cause: error,
      });
    throw error;
  } finally {
    // Hand the slot straight to the next in line, or free it.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}
