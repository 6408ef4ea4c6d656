import { router } from "../../trpc";
import { addPasskey } from "./add-passkey";
import { deletePasskey } from "./delete-passkey";
import { listPasskeys } from "./list-passkeys";
import { passkeyRegistrationOptionsProcedure } from "./registration-options";
import { renamePasskey } from "./rename-passkey";
import { passkeySignInOptionsProcedure } from "./sign-in-options";

// Wiring only. Everything but signInOptions is session-only (no token scope); the sign-in
// itself is next-auth's "passkey" provider (apps/web server/auth.ts → verifyPasskeySignIn).
export const passkeyRouter = router({
  list: listPasskeys,
  registrationOptions: passkeyRegistrationOptionsProcedure,
  add: addPasskey,
  rename: renamePasskey,
  delete: deletePasskey,
  signInOptions: passkeySignInOptionsProcedure,
});
