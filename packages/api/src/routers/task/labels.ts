// Labels are created for their owner the first time a task uses the name.
import type { Prisma } from "@taskfort/db";
import { labelKey } from "../../schemas/task";

type Tx = Prisma.TransactionClient;

/**
 * The owner's labels with these names, by labelKey → id, creating the missing ones.
 * Insert-or-skip then read, so two requests adding the same new label at once both end
 * with the one row (the unique (ownerId, nameKey) index decides) instead of one failing.
 * An existing label keeps the spelling it was first created with.
 */
export async function resolveLabels(
  tx: Tx,
  ownerId: string,
  names: readonly string[],
): Promise<Map<string, string>> {
  if (!names.length) return new Map();
  const byKey = new Map<string, string>();
  for (const name of names) if (!byKey.has(labelKey(name))) byKey.set(labelKey(name), name);
  await tx.label.createMany({
    data: [...byKey].map(([nameKey, name]) => ({ ownerId, name, nameKey })),
    skipDuplicates: true,
  });
  const rows = await tx.label.findMany({
    where: { ownerId, nameKey: { in: [...byKey.keys()] } },
    select: { id: true, nameKey: true },
  });
  return new Map(rows.map((row) => [row.nameKey, row.id]));
}

export async function resolveLabelIds(
  tx: Tx,
  ownerId: string,
  names: readonly string[],
): Promise<string[]> {
  return [...(await resolveLabels(tx, ownerId, names)).values()];
}
