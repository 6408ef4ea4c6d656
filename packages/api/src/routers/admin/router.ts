import { router } from "../../trpc";
import { createResetLink } from "./create-reset-link";
import { getSecurityOverview } from "./get-security-overview";
import { listAuditEvents } from "./list-audit-events";
import { listUsers } from "./list-users";
import { resetSecondFactors } from "./reset-second-factors";
import { updateUser } from "./update-user";

// Wiring only. Every procedure here is an adminProcedure: anonymous → UNAUTHORIZED,
// signed in without the role → FORBIDDEN, API tokens → FORBIDDEN (no scope reaches admin).
export const adminRouter = router({
  users: router({
    list: listUsers,
    update: updateUser,
    resetLink: createResetLink,
    resetSecondFactors,
  }),
  audit: router({ list: listAuditEvents }),
  security: router({ get: getSecurityOverview }),
});
