import { listUsersInput, listUsersOutput, usernameKey } from "../../schemas/auth";
import { pageInfo, pageWindow } from "../../schemas/pagination";
import { adminProcedure } from "../../trpc";

export const listUsers = adminProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/admin/users",
      tags: ["admin"],
      summary: "List users with their task counts",
    },
  })
  .input(listUsersInput)
  .output(listUsersOutput)
  .query(async ({ ctx, input }) => {
    const where = input.search ? { usernameKey: { contains: usernameKey(input.search) } } : {};
    const [total, rows] = await Promise.all([
      ctx.db.user.count({ where }),
      ctx.db.user.findMany({
        where,
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        ...pageWindow(input),
        select: {
          id: true,
          username: true,
          role: true,
          disabledAt: true,
          createdAt: true,
          _count: { select: { tasks: true } },
        },
      }),
    ]);
    return {
      items: rows.map((u) => ({
        id: u.id,
        username: u.username,
        role: u.role,
        disabled: u.disabledAt !== null,
        createdAt: u.createdAt.toISOString(),
        taskCount: u._count.tasks,
      })),
      ...pageInfo(input, total),
    };
  });
