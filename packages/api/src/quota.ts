// Per-account quotas for rows added in a transaction (labels, tokens, an import of tasks):
// count and insert inside one transaction that first locks the owner's User row, so
// concurrent creates by one account queue behind each other and cannot overshoot the quota
// together. A single task is created by one statement that checks User.taskCount under the
// same row lock (insertTask in @taskfort/db), so the two paths never overshoot each other.
import type { Db } from "@taskfort/db";
import { quotaMessage, quotas, type QuotaResource } from "./limits";
import { AppError } from "./errors";

/** The transaction client Prisma hands to an interactive transaction. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export interface QuotaCheck {
  ownerId: string;
  resource: QuotaResource;
  /** How many rows the owner holds now (counted inside the transaction, after the lock). */
  count: (tx: Tx) => Promise<number>;
  /** How many rows `create` will add (an import adds many). */
  adding?: number;
}

/**
 * Inside a transaction: lock the owner's User row (concurrent writers of one account queue
 * here), then refuse with CONFLICT if the owner would exceed the quota. Every path that
 * adds quota-counted rows takes this lock first, always in this order, so none deadlock.
 */
export async function assertWithinQuota(tx: Tx, check: QuotaCheck): Promise<void> {
  const limit = quotas()[check.resource];
  await tx.$executeRaw`SELECT 1 FROM "User" WHERE "id" = ${check.ownerId} FOR UPDATE`;
  const held = await check.count(tx);
  if (held + (check.adding ?? 1) > limit)
    throw new AppError("CONFLICT", quotaMessage(check.resource, limit));
}

/** Runs `create` only if the owner stays within the quota; otherwise CONFLICT with the quota named. */
export function withinQuota<T>(
  db: Db,
  check: QuotaCheck,
  create: (tx: Tx) => Promise<T>,
): Promise<T> {
  return db.$transaction(async (tx) => {
    await assertWithinQuota(tx, check);
    return create(tx);
  });
}
