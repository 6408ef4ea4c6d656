// The rules a new password must meet beyond the schema's length bounds, in one place for
// registration, password change and reset (the common-password list stays server-side).
import { isCommonPassword } from "./common-passwords";
import { authMessages, usernameKey } from "../schemas/auth";

/** The message for the first rule `password` breaks, or null when it is acceptable. */
export async function newPasswordProblem(
  password: string,
  username: string,
): Promise<string | null> {
  if (usernameKey(password) === usernameKey(username)) return authMessages.passwordIsUsername;
  if (await isCommonPassword(password)) return authMessages.passwordCommon;
  return null;
}
