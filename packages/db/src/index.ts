export { PrismaClient, Prisma, Role } from "./generated/prisma/client";
export type { User, Task, ApiToken, Session, Account, AuditEvent } from "./generated/prisma/client";
export {
  closeDb,
  createDb,
  currentPoolStats,
  getDb,
  poolStats,
  type Db,
  type PoolStats,
} from "./client";
export { StatementTimeoutError, withStatementTimeout, type DbTx } from "./bounded";
