import { router } from "../../trpc";
import { changePassword } from "./change-password";
import { deleteAccount } from "./delete-account";
import { exportAccount } from "./export-account";
import { getMe } from "./get-me";
import { listSessions } from "./list-sessions";
import { revokeOtherSessions } from "./revoke-other-sessions";
import { revokeSession } from "./revoke-session";
import { setEmail } from "./set-email";

// Wiring only. Everything here is session-only (API tokens get FORBIDDEN) except `get`.
export const accountRouter = router({
  get: getMe,
  changePassword,
  setEmail,
  export: exportAccount,
  delete: deleteAccount,
  sessions: router({
    list: listSessions,
    revoke: revokeSession,
    revokeOthers: revokeOtherSessions,
  }),
});
