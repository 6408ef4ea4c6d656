// Account, sign-in and API-token input rules, shared by the forms, the procedures and
// the REST docs. Client-safe: the common-password list is NOT here (it is ~50k entries
// and lives server-side in auth/common-passwords.ts); everything else is.
import { z } from "zod";

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 32;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
export const TOKEN_DEFAULT_DAYS = 90;
export const TOKEN_MAX_DAYS = 365;
export const TOKEN_SCOPES = ["tasks:read", "tasks:write"] as const;

export const authMessages = {
  usernameRequired: "This field is required.",
  usernameShort: `Username must be at least ${USERNAME_MIN} characters long.`,
  usernameLong: `Username must be at most ${USERNAME_MAX} characters long.`,
  usernameChars: "Username may contain only letters, digits, underscores, dots and hyphens.",
  passwordShort: `Password must be at least ${PASSWORD_MIN} characters long.`,
  passwordLong: `Password must be at most ${PASSWORD_MAX} characters long.`,
  passwordIsUsername: "Password must not be the same as the username.",
  passwordCommon: "This password is too common.",
  usernameTaken: "This username is not available.",
  // One message for "no such user", "wrong password" and "disabled": which one it was is not revealed.
  badCredentials: "Invalid username or password.",
} as const;

export const usernameSchema = z
  .string({ error: authMessages.usernameRequired })
  .min(1, authMessages.usernameRequired)
  .min(USERNAME_MIN, authMessages.usernameShort)
  .max(USERNAME_MAX, authMessages.usernameLong)
  .regex(/^[A-Za-z0-9_.-]+$/, authMessages.usernameChars);

export const passwordSchema = z
  .string({ error: "This field is required." })
  .min(PASSWORD_MIN, authMessages.passwordShort)
  .max(PASSWORD_MAX, authMessages.passwordLong);

/** Registration: username and password rules, and the password may not be the username (case-insensitively). */
export const registerInput = z
  .strictObject({ username: usernameSchema, password: passwordSchema })
  .superRefine((value, ctx) => {
    if (value.password.toLowerCase() === value.username.toLowerCase()) {
      ctx.addIssue({ code: "custom", path: ["password"], message: authMessages.passwordIsUsername });
    }
  });

/**
 * Sign-in checks only the outer bounds: a stored account may predate today's rules, and
 * telling the caller "that username is malformed" would be a different answer from
 * "invalid username or password". The 128 cap keeps the hasher's input bounded.
 */
export const loginInput = z.strictObject({
  username: z.string().min(1, "This field is required.").max(200),
  password: z.string().min(1, "This field is required.").max(PASSWORD_MAX, authMessages.passwordLong),
});

export const roleSchema = z.enum(["USER", "ADMIN"]);
export const scopeSchema = z.enum(TOKEN_SCOPES);

export const createTokenInput = z.strictObject({
  name: z.string().trim().min(1, "This field is required.").max(100, "Name must be at most 100 characters long."),
  scopes: z.array(scopeSchema).min(1, "Pick at least one scope.").transform((s) => [...new Set(s)]),
  expiresInDays: z
    .number()
    .int()
    .min(1, "Expiry must be at least 1 day.")
    .max(TOKEN_MAX_DAYS, `Expiry must be at most ${TOKEN_MAX_DAYS} days.`)
    .default(TOKEN_DEFAULT_DAYS),
});

export const idInput = z.strictObject({ id: z.string().min(1).max(100) });

export const publicUser = z.object({ id: z.string(), username: z.string(), role: roleSchema });

export type RegisterInput = z.infer<typeof registerInput>;
export type LoginInput = z.infer<typeof loginInput>;
export type CreateTokenInput = z.input<typeof createTokenInput>;
