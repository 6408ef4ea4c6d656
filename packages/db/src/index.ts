export { PrismaClient, Prisma, Role } from "./generated/prisma/client";
export type { User, Task, ApiToken, Session, Account, AuditEvent } from "./generated/prisma/client";
export {
  closeDb,
  createDb,
  currentPoolStats,
  getDb,
  poolStats,
  type Db,
  type DbTx,
  type PoolStats,
} from "./client";
export { StatementTimeoutError, withStatementTimeout } from "./bounded";
export {
  findApiToken,
  findSession,
  findTask,
  findTaskPage,
  insertTask,
  insertTaskCoalesced,
  newId,
  sqlOf,
  sqlOfTx,
  updateTask,
  type NewTask,
  type SessionRow,
  type TaskChanges,
  type Sql,
  type TaskFilter,
  type TaskOrder,
  type TaskRow,
  type TokenRow,
} from "./sql";
