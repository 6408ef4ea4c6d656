import { router } from "../../trpc";
import { createToken } from "./create-token";
import { listTokens } from "./list-tokens";
import { revokeAllTokens } from "./revoke-all-tokens";
import { revokeToken } from "./revoke-token";

// Wiring only. None of these has a scope in its meta, so API tokens cannot call them
// (see isAuthed): a leaked token can never mint or revoke tokens.
export const tokenRouter = router({
  list: listTokens,
  create: createToken,
  revoke: revokeToken,
  revokeAll: revokeAllTokens,
});
