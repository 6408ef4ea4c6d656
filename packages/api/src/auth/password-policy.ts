// The rules a new password must meet beyond the schema's length bounds, in one place for
// registration, password change and reset (the dictionaries stay server-side).
import { isCommonPassword } from "./common-passwords";
import { isGuessablePassword } from "./password-strength";
import { authMessages, usernameKey } from "../schemas/auth";

/**
 * The message for the first rule `password` breaks, or null when it is acceptable: not the
 * username and not containing it (case-insensitively), not a common password, not guessable.
 * One message per password: the strength estimate only speaks once the simpler rules are met.
 */
export async function newPasswordProblem(
  password: string,
  username: string,
): Promise<string | null> {
  const key = usernameKey(password);
  if (key === usernameKey(username)) return authMessages.passwordIsUsername;
  if (key.includes(usernameKey(username))) return authMessages.passwordContainsUsername;
  if (await isCommonPassword(password)) return authMessages.passwordCommon;
  if (await isGuessablePassword(password, username)) return authMessages.passwordWeak;
  return null;
}
