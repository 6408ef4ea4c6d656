// The API's hot paths in SQL: resolving an API token, a page of tasks with its count, one
// task, and the quota-guarded create. Prisma's client costs about five times the CPU of the
// query itself on these (measured: a page with its count through Prisma 335 µs of Node CPU,
// as one prepared statement through pg 63 µs), and every request makes one or two of them.
// Everything else stays on Prisma. Each function here is tested on Postgres and PGlite (sql.test.ts).
//
// Timestamps: Prisma's DateTime columns are `timestamp(3)` holding UTC wall-clock time. Values
// go in as UTC ISO strings cast to timestamp (never as Date objects, which pg would write in
// the process's time zone) and come back through a parser that reads them as UTC, so neither
// the process's nor the database session's time zone matters.
import { createHash, randomBytes } from "node:crypto";
import pg from "pg";
import { poolOf, type Db, type DbTx } from "./client";
import type { Role } from "./generated/prisma/client";

/** Runs one statement and returns its rows. */
export interface Sql {
  query<T>(text: string, values: readonly unknown[]): Promise<T[]>;
}

const TIMESTAMP_OID = 1114;
const INT8_OID = 20;
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === TIMESTAMP_OID) return (value: string) => new Date(`${value.replace(" ", "T")}Z`);
    if (oid === INT8_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
  }) as pg.CustomTypesConfig["getTypeParser"],
};

const statementNames = new Map<string, string>();
/** A statement's name is a hash of its text, so one text is prepared once per connection. */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `tf_${createHash("sha256").update(text).digest("hex").slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * Statements on `client` (a pool or one of its connections). Prepared ones are parsed and
 * planned once per connection; a search is not prepared, because its plan depends on the
 * pattern (a rare word is answered from the trigram index, a short one may not be).
 */
export function sqlOn(client: pg.Pool | pg.PoolClient, prepare = true): Sql {
  return {
    async query<T>(text: string, values: readonly unknown[]) {
      const result = await client.query({
        text,
        values: values as unknown[],
        types,
        ...(prepare && { name: statementName(text) }),
      });
      return result.rows as T[];
    },
  };
}

/** Statements on the client's own pool (outside any transaction); prepared unless its URL says pgbouncer=true. */
export function sqlOf(db: Db): Sql {
  const { pool, prepare } = poolOf(db);
  return sqlOn(pool, prepare);
}

/** Statements inside a Prisma interactive transaction. */
export function sqlOfTx(tx: DbTx): Sql {
  return {
    query: <T>(text: string, values: readonly unknown[]) =>
      tx.$queryRawUnsafe<T[]>(text, ...values),
  };
}

/** A timestamp parameter: UTC wall-clock time, as the columns hold it (see the top of this file). */
function utc(date: Date): string {
  return date.toISOString().replace("Z", "");
}

/** A Date from a timestamp column, whichever driver read it. */
function date(value: Date | string): Date {
  return value instanceof Date ? value : new Date(`${value.replace(" ", "T")}Z`);
}

/** A new row id of the shape Prisma's cuid() gives (`c`, time, counter, randomness; 25 characters). */
let idCounter = 0;
export function newId(): string {
  idCounter = (idCounter + 1) % 36 ** 4;
  const time = Date.now().toString(36).padStart(8, "0");
  const random = BigInt(`0x${randomBytes(8).toString("hex")}`)
    .toString(36)
    .padStart(12, "0")
    .slice(-12);
  return `c${time}${idCounter.toString(36).padStart(4, "0")}${random}`;
}

// ---------------------------------------------------------------------------------------------
// API tokens

/** The signed-in user, as a token or a session carries it. */
export interface AuthUserRow {
  id: string;
  username: string;
  role: Role;
  disabledAt: Date | null;
}

export interface TokenRow {
  id: string;
  scopes: string[];
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  owner: AuthUserRow;
}

export interface SessionRow {
  id: string;
  expiresAt: Date;
  lastSeenAt: Date;
  ip: string | null;
  user: AuthUserRow;
}

/** The user's columns beside a token's or a session's, from a join on `u`; splitUser takes them apart. */
const USER_COLUMNS = `u.id AS "userId", u.username, u.role, u."disabledAt"`;
type WithUserColumns<T> = T & Omit<AuthUserRow, "id"> & { userId: string };

function splitUser<T extends object>(row: WithUserColumns<T>): [T, AuthUserRow] {
  const { userId, username, role, disabledAt, ...rest } = row;
  return [rest as unknown as T, { id: userId, username, role, disabledAt }];
}

/** The token with this hash and its owner, in one statement; the caller decides whether it is usable. */
export async function findApiToken(db: Db, tokenHash: string): Promise<TokenRow | null> {
  const [row] = await sqlOf(db).query<WithUserColumns<Omit<TokenRow, "owner">>>(
    `SELECT t.id, t.scopes, t."expiresAt", t."revokedAt", t."lastUsedAt", ${USER_COLUMNS}
       FROM "ApiToken" t JOIN "User" u ON u.id = t."ownerId"
      WHERE t."tokenHash" = $1`,
    [tokenHash],
  );
  if (!row) return null;
  const [token, owner] = splitUser(row);
  return { ...token, owner };
}

/** The session with this id, if it belongs to this user, with the user; the caller decides whether it is usable. */
export async function findSession(
  db: Db,
  ref: { id: string; userId: string },
): Promise<SessionRow | null> {
  const [row] = await sqlOf(db).query<WithUserColumns<Omit<SessionRow, "user">>>(
    `SELECT s.id, s."expiresAt", s."lastSeenAt", s.ip, ${USER_COLUMNS}
       FROM "Session" s JOIN "User" u ON u.id = s."userId"
      WHERE s.id = $1 AND s."userId" = $2`,
    [ref.id, ref.userId],
  );
  if (!row) return null;
  const [session, user] = splitUser(row);
  return { ...session, user };
}

// ---------------------------------------------------------------------------------------------
// Tasks

export interface TaskRow {
  id: string;
  title: string;
  description: string;
  completed: boolean;
  dueAt: Date | null;
  priority: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** Label names, in label order (case-insensitive name). */
  labels: string[];
}

const TASK_COLUMNS = `t.id, t.title, t.description, t.completed, t."dueAt", t.priority, t.version,
  t."createdAt", t."updatedAt",
  ARRAY(SELECT l.name FROM "TaskLabel" tl JOIN "Label" l ON l.id = tl."labelId"
         WHERE tl."taskId" = t.id ORDER BY l."nameKey") AS labels`;

type RawTaskRow = Omit<TaskRow, "dueAt" | "createdAt" | "updatedAt"> & {
  dueAt: Date | string | null;
  createdAt: Date | string;
  updatedAt: Date | string;
};

function toTaskRow(row: RawTaskRow): TaskRow {
  return {
    ...row,
    dueAt: row.dueAt === null ? null : date(row.dueAt),
    createdAt: date(row.createdAt),
    updatedAt: date(row.updatedAt),
  };
}

/** Which live (not trashed) tasks of one owner a list shows. */
export interface TaskFilter {
  ownerId: string;
  completed?: boolean;
  priority?: number;
  /** A label's key (its lower-cased name). */
  labelKey?: string;
  dueBefore?: Date;
  dueAfter?: Date;
  /** Open with a due date before `now` (true), or the opposite (false). */
  overdue?: boolean;
  now?: Date;
  /** Case-insensitive text in the title or description; matched as text, never as a pattern. */
  search?: string;
}

export type TaskSortKey = "createdAt" | "title" | "dueAt" | "priority" | "id";
/** Sort keys in order; a due date sorts tasks without one last in both directions. */
export type TaskOrder = readonly { key: TaskSortKey; desc: boolean }[];

function whereOf(filter: TaskFilter): { where: string; values: unknown[] } {
  const values: unknown[] = [filter.ownerId];
  const param = (value: unknown) => `$${values.push(value)}`;
  const parts = [`t."ownerId" = $1`, `t."deletedAt" IS NULL`];
  if (filter.completed !== undefined) parts.push(`t.completed = ${param(filter.completed)}`);
  if (filter.priority !== undefined) parts.push(`t.priority = ${param(filter.priority)}`);
  if (filter.labelKey !== undefined)
    parts.push(`EXISTS (SELECT 1 FROM "TaskLabel" tl JOIN "Label" l ON l.id = tl."labelId"
      WHERE tl."taskId" = t.id AND l."ownerId" = $1 AND l."nameKey" = ${param(filter.labelKey)})`);
  if (filter.dueBefore) parts.push(`t."dueAt" < ${param(utc(filter.dueBefore))}::timestamp(3)`);
  if (filter.dueAfter) parts.push(`t."dueAt" >= ${param(utc(filter.dueAfter))}::timestamp(3)`);
  if (filter.overdue !== undefined) {
    const now = `${param(utc(filter.now ?? new Date()))}::timestamp(3)`;
    parts.push(
      filter.overdue
        ? `(NOT t.completed AND t."dueAt" < ${now})`
        : `(t.completed OR t."dueAt" IS NULL OR t."dueAt" >= ${now})`,
    );
  }
  if (filter.search) {
    // ILIKE's escape character is the backslash: escaping it, % and _ makes the text literal.
    const pattern = param(`%${filter.search.replace(/[\\%_]/g, "\\$&")}%`);
    parts.push(`(t.title ILIKE ${pattern} OR t.description ILIKE ${pattern})`);
  }
  return { where: parts.join(" AND "), values };
}

function orderOf(order: TaskOrder): string {
  return order
    .map(({ key, desc }) => {
      const direction = desc ? "DESC" : "ASC";
      return key === "dueAt" ? `t."dueAt" ${direction} NULLS LAST` : `t."${key}" ${direction}`;
    })
    .join(", ");
}

/**
 * A page of the owner's live tasks matching `filter`, with how many match in all: one
 * statement, the count an uncorrelated subquery Postgres runs once. Only a page past the end
 * (no rows to carry the count) takes a second statement for it.
 */
export async function findTaskPage(
  sql: Sql,
  filter: TaskFilter,
  page: { order: TaskOrder; skip: number; take: number },
): Promise<{ total: number; rows: TaskRow[] }> {
  const { where, values } = whereOf(filter);
  // The subquery's "Task" t hides the outer t: the same where counts every match.
  const count = `SELECT count(*) AS total FROM "Task" t WHERE ${where}`;
  const rows = await sql.query<RawTaskRow & { total: number | bigint }>(
    `SELECT ${TASK_COLUMNS}, (${count}) AS total FROM "Task" t WHERE ${where}
      ORDER BY ${orderOf(page.order)} LIMIT $${values.length + 1} OFFSET $${values.length + 2}`,
    [...values, page.take, page.skip],
  );
  if (rows.length === 0) {
    if (page.skip === 0) return { total: 0, rows: [] };
    const [counted] = await sql.query<{ total: number | bigint }>(count, values);
    return { total: Number(counted?.total ?? 0), rows: [] };
  }
  return {
    total: Number(rows[0]?.total ?? 0),
    rows: rows.map(({ total: _, ...row }) => toTaskRow(row)),
  };
}

/** One live task of this owner (null for another owner's, a trashed or no task). */
export async function findTask(
  sql: Sql,
  owner: { ownerId: string; id: string },
): Promise<TaskRow | null> {
  const [row] = await sql.query<RawTaskRow>(
    `SELECT ${TASK_COLUMNS} FROM "Task" t
      WHERE t.id = $1 AND t."ownerId" = $2 AND t."deletedAt" IS NULL`,
    [owner.id, owner.ownerId],
  );
  return row ? toTaskRow(row) : null;
}

/** A task to insert; what is left out takes the column's default (schema.prisma). */
export interface NewTask {
  ownerId: string;
  title: string;
  description?: string | undefined;
  completed?: boolean | undefined;
  dueAt?: Date | null | undefined;
  priority?: number | undefined;
}

/**
 * Inserts one owner's tasks unless the owner's tasks (trash included) would then number more
 * than `quota`: all of them, in one statement, or none (null). The statement adds their number
 * to User.taskCount only while that stays within the quota, and inserts only if it did. The row
 * lock that update takes (to the end of the statement, or of the caller's transaction) makes
 * concurrent creates by one owner queue, and each re-checks the count after the one before it,
 * so together they never overshoot. (Deletions are counted by a trigger: migration task_count.)
 * Rows come back in the order given; one statement's rows share their creation time.
 */
export async function insertTasks(
  sql: Sql,
  ownerId: string,
  tasks: readonly Omit<NewTask, "ownerId">[],
  quota: number,
): Promise<TaskRow[] | null> {
  const ids = tasks.map(() => newId());
  const rows = await sql.query<RawTaskRow>(
    `WITH owner AS (
       UPDATE "User" SET "taskCount" = "taskCount" + $3 WHERE id = $1 AND "taskCount" + $3 <= $2 RETURNING id
     )
     INSERT INTO "Task" AS t (id, "ownerId", title, description, completed, "dueAt", priority, "createdAt", "updatedAt")
     SELECT r.id, owner.id, r.title, r.description, r.completed, r.due::timestamp(3), r.priority,
            $4::timestamp(3), $4::timestamp(3)
       FROM owner,
            unnest($5::text[], $6::text[], $7::text[], $8::boolean[], $9::text[], $10::int[])
              AS r(id, title, description, completed, due, priority)
     RETURNING t.id, t.title, t.description, t.completed, t."dueAt", t.priority, t.version,
               t."createdAt", t."updatedAt", ARRAY[]::text[] AS labels`,
    [
      ownerId,
      quota,
      tasks.length,
      utc(new Date()),
      ids,
      tasks.map((t) => t.title),
      tasks.map((t) => t.description ?? ""),
      tasks.map((t) => t.completed ?? false),
      tasks.map((t) => (t.dueAt ? utc(t.dueAt) : null)),
      tasks.map((t) => t.priority ?? 0),
    ],
  );
  if (rows.length === 0) return null;
  const byId = new Map(rows.map((row) => [row.id, toTaskRow(row)]));
  return ids.map((id) => byId.get(id)!);
}

/** One task: insertTasks for a single one (null when the quota is full). */
export async function insertTask(sql: Sql, task: NewTask, quota: number): Promise<TaskRow | null> {
  const { ownerId, ...fields } = task;
  return (await insertTasks(sql, ownerId, [fields], quota))?.[0] ?? null;
}

interface PendingCreate {
  task: NewTask;
  resolve: (row: TaskRow | null) => void;
  reject: (error: unknown) => void;
}
/** Per pool: the owners with a create in flight, and the creates waiting behind it. */
const waitingCreates = new WeakMap<Db, Map<string, PendingCreate[]>>();
const MAX_COALESCED = 100;

/**
 * insertTask on the pool, with one owner's concurrent creates coalesced: while a create for an
 * owner is in flight, the next ones wait and then go together as one insertTasks statement. They
 * would queue anyway, on the owner's row lock (the quota check), for one statement and one commit
 * each; together they take the lock and the commit once. One owner's requests never wait on
 * another owner's. When the quota cannot take the whole group, or the group's statement fails,
 * each is inserted on its own, so the quota stops exactly at its limit and one failing create
 * fails alone.
 */
export function insertTaskCoalesced(db: Db, task: NewTask, quota: number): Promise<TaskRow | null> {
  let owners = waitingCreates.get(db);
  if (!owners) waitingCreates.set(db, (owners = new Map<string, PendingCreate[]>()));
  const waiting = owners.get(task.ownerId);
  return new Promise((resolve, reject) => {
    const pending = { task, resolve, reject };
    if (waiting) waiting.push(pending);
    else {
      owners.set(task.ownerId, []);
      void runCreates(db, owners, task.ownerId, [pending], quota);
    }
  });
}

async function runCreates(
  db: Db,
  owners: Map<string, PendingCreate[]>,
  ownerId: string,
  group: PendingCreate[],
  quota: number,
): Promise<void> {
  try {
    const sql = sqlOf(db);
    const one = async ({ task, resolve, reject }: PendingCreate) => {
      try {
        resolve(await insertTask(sql, task, quota));
      } catch (error) {
        reject(error);
      }
    };
    const rows =
      group.length === 1
        ? null
        : await insertTasks(
            sql,
            ownerId,
            group.map((p) => p.task),
            quota,
          ).catch(() => null);
    if (rows) group.forEach((p, i) => p.resolve(rows[i]!));
    else for (const pending of group) await one(pending);
  } catch (error) {
    // Settling twice is a no-op: this only reaches those not answered yet.
    for (const pending of group) pending.reject(error);
  } finally {
    const waiting = owners.get(ownerId)!;
    if (waiting.length === 0) owners.delete(ownerId);
    else void runCreates(db, owners, ownerId, waiting.splice(0, MAX_COALESCED), quota);
  }
}

/** The fields an update may change; what is left out stays as it is. */
export interface TaskChanges {
  title?: string | undefined;
  description?: string | undefined;
  completed?: boolean | undefined;
  dueAt?: Date | null | undefined;
  priority?: number | undefined;
}

/**
 * Changes one live task of this owner in one statement and adds one to its version; with
 * `versions`, only if its version is one of them (the caller's If-Match or expected version:
 * a change that slipped in first makes this match nothing rather than be overwritten).
 * Returns the task as it now is (labels as they were: a caller that relinks them reads it
 * again), or null when nothing matched (no such task of this owner, or another version).
 */
export async function updateTask(
  sql: Sql,
  target: { id: string; ownerId: string; versions?: readonly number[] | undefined },
  changes: TaskChanges,
): Promise<TaskRow | null> {
  const values: unknown[] = [target.id, target.ownerId];
  const param = (value: unknown) => `$${values.push(value)}`;
  const sets: string[] = [];
  if (changes.title !== undefined) sets.push(`title = ${param(changes.title)}`);
  if (changes.description !== undefined) sets.push(`description = ${param(changes.description)}`);
  if (changes.completed !== undefined) sets.push(`completed = ${param(changes.completed)}`);
  if (changes.dueAt !== undefined)
    sets.push(`"dueAt" = ${param(changes.dueAt && utc(changes.dueAt))}::timestamp(3)`);
  if (changes.priority !== undefined) sets.push(`priority = ${param(changes.priority)}`);
  sets.push(`version = t.version + 1`, `"updatedAt" = ${param(utc(new Date()))}::timestamp(3)`);
  const version = target.versions ? `AND t.version = ANY(${param(target.versions)}::int[])` : "";
  const [row] = await sql.query<RawTaskRow>(
    `UPDATE "Task" AS t SET ${sets.join(", ")}
      WHERE t.id = $1 AND t."ownerId" = $2 AND t."deletedAt" IS NULL ${version}
      RETURNING ${TASK_COLUMNS}`,
    values,
  );
  return row ? toTaskRow(row) : null;
}
