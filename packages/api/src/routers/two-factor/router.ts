import { router } from "../../trpc";
import { beginTwoFactor } from "./begin-two-factor";
import { confirmTwoFactor } from "./confirm-two-factor";
import { disableTwoFactor } from "./disable-two-factor";
import { getTwoFactor } from "./get-two-factor";
import { regenerateRecoveryCodes } from "./regenerate-recovery-codes";

// Wiring only. No procedure here has a token scope, so API tokens get FORBIDDEN: only the
// browser session of the user can change their second factor.
export const twoFactorRouter = router({
  get: getTwoFactor,
  begin: beginTwoFactor,
  confirm: confirmTwoFactor,
  disable: disableTwoFactor,
  regenerateRecoveryCodes,
});
