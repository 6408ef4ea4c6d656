// The one select and mapping behind adminUserView (list, update and reset answer the same shape).
import type { z } from "zod";
import type { adminUserView, Role } from "../../schemas/auth";

export const adminUserSelect = {
  id: true,
  username: true,
  role: true,
  disabledAt: true,
  createdAt: true,
  twoFactor: { select: { confirmedAt: true } },
  _count: { select: { tasks: true, passkeys: true } },
} as const;

export function toAdminUserView(u: {
  id: string;
  username: string;
  role: Role;
  disabledAt: Date | null;
  createdAt: Date;
  twoFactor: { confirmedAt: Date | null } | null;
  _count: { tasks: number; passkeys: number };
}): z.infer<typeof adminUserView> {
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    disabled: u.disabledAt !== null,
    createdAt: u.createdAt.toISOString(),
    taskCount: u._count.tasks,
    twoFactor: Boolean(u.twoFactor?.confirmedAt) || u._count.passkeys > 0,
  };
}
