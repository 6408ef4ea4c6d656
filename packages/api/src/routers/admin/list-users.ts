import { listUsersInput, listUsersOutput, usernameKey } from "../../schemas/auth";
import { pageInfo, pageWindow } from "../../schemas/pagination";
import { adminProcedure } from "../../trpc";
import { adminUserSelect, toAdminUserView } from "./user-view";

export const listUsers = adminProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/admin/users",
      tags: ["admin"],
      summary: "List users with their task counts and two-factor status",
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
        select: adminUserSelect,
      }),
    ]);
    return {
      items: rows.map(toAdminUserView),
      ...pageInfo(input, total),
    };
  });
