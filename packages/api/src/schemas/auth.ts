// Account, sign-in and API-token input rules, shared by the forms, the procedures and
// the REST docs. Client-safe: the common-password list is NOT here (it is ~50k entries
// and lives server-side in auth/common-passwords.ts); everything else is.
import { z } from "zod";
import "./zod";
import { jsonBoolean, queryInt, REQUIRED_MESSAGE, requiredError, strictObject } from "./common";
import { paginationInput, paginationOutput } from "./pagination";

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 32;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
export const TOKEN_DEFAULT_DAYS = 90;
export const TOKEN_MAX_DAYS = 365;
/** Tokens shown per page on the settings page (the largest page the API allows). */
export const TOKEN_PAGE_SIZE = 100;
/** The one list of API-token scopes: types, Zod enum, OpenAPI enum and the token form derive from it. */
export const TOKEN_SCOPES = ["tasks:read", "tasks:write"] as const;
export type Scope = (typeof TOKEN_SCOPES)[number];
/** The one list of roles (the Prisma enum says the same; prisma-agreement tests keep them together). */
export const ROLES = ["USER", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];
/** Sign-in accepts usernames up to this long (older accounts may predate USERNAME_MAX); longer is a failed sign-in. */
export const SIGN_IN_USERNAME_MAX = 200;

/**
 * The one canonical form of a username. The database's unique usernameKey, every lookup,
 * seed and search and the per-username sign-in limit all use it, so two spellings that
 * reach the same account ("Alice", "ALICE", fullwidth "ＡＬＩＣＥ", the Kelvin sign for "K")
 * always share one limiter bucket: the limit cannot be split by case or Unicode form. NFKC
 * first, then lower case (registration only lets ASCII through, so stored keys are unchanged
 * by the NFKC step).
 */
export function usernameKey(username: string): string {
  return username.normalize("NFKC").toLowerCase();
}

/**
 * Names nobody may register: they would pass for the app or its staff in shared task
 * lists, audit rows and support conversations. The configured admin (ADMIN_USERNAME) is
 * the one exception (see register-user.ts). Compared through usernameKey.
 */
export const RESERVED_USERNAMES = [
  "admin",
  "administrator",
  "root",
  "system",
  "sysadmin",
  "superuser",
  "support",
  "security",
  "taskfort",
  "staff",
  "moderator",
  "owner",
  "operator",
  "official",
  "help",
  "helpdesk",
  "info",
  "api",
  "www",
  "mail",
  "postmaster",
  "hostmaster",
  "webmaster",
  "abuse",
  "noreply",
  "no-reply",
  "null",
  "undefined",
  "anonymous",
] as const;

export const authMessages = {
  usernameRequired: REQUIRED_MESSAGE,
  usernameShort: `Username must be at least ${USERNAME_MIN} characters long.`,
  usernameLong: `Username must be at most ${USERNAME_MAX} characters long.`,
  usernameChars: "Username may contain only letters, digits, underscores, dots and hyphens.",
  passwordShort: `Password must be at least ${PASSWORD_MIN} characters long.`,
  passwordLong: `Password must be at most ${PASSWORD_MAX} characters long.`,
  passwordIsUsername: "Password must not be the same as the username.",
  passwordContainsUsername: "Password must not contain the username.",
  passwordCommon: "This password is too common.",
  passwordWeak:
    "This password is too easy to guess. Use a passphrase of four or more unrelated words (like “violet anchor mumble tram”), without your username or the app's name.",
  passwordHasUsername: "Password must not contain the username.",
  usernameTaken: "This username is not available.",
  usernameReserved: "This username is reserved. Pick another one.",
  // One message for "no such user", "wrong password" and "disabled": which one it was is not revealed.
  badCredentials: "Invalid username or password.",
} as const;

export const usernameSchema = z
  .string({ error: requiredError })
  .min(1, { error: REQUIRED_MESSAGE, abort: true })
  .min(USERNAME_MIN, authMessages.usernameShort)
  .max(USERNAME_MAX, authMessages.usernameLong)
  .regex(/^[A-Za-z0-9_.-]+$/, authMessages.usernameChars);

export const passwordSchema = z
  .string({ error: requiredError })
  .min(1, { error: REQUIRED_MESSAGE, abort: true })
  .min(PASSWORD_MIN, authMessages.passwordShort)
  .max(PASSWORD_MAX, authMessages.passwordLong);

/** Registration: username and password rules, and the password may not be the username (case-insensitively). */
export const registerInput = z
  .strictObject({ username: usernameSchema, password: passwordSchema })
  .superRefine((value, ctx) => {
    if (usernameKey(value.password) === usernameKey(value.username)) {
      ctx.addIssue({
        code: "custom",
        path: ["password"],
        message: authMessages.passwordIsUsername,
      });
    }
  });

/**
 * Sign-in checks only the outer bounds: a stored account may predate today's rules, and
 * telling the caller "that username is malformed" would be a different answer from
 * "invalid username or password". The 128 cap keeps the hasher's input bounded.
 */
export const loginInput = strictObject({
  username: z.string({ error: requiredError }).min(1, REQUIRED_MESSAGE).max(SIGN_IN_USERNAME_MAX),
  password: z
    .string({ error: requiredError })
    .min(1, REQUIRED_MESSAGE)
    .max(PASSWORD_MAX, authMessages.passwordLong),
  /** The new token's name (default "login"). */
  tokenName: z.string().trim().min(1, REQUIRED_MESSAGE).max(100).optional(),
  /** Revoke this account's active tokens of the same name first: one token per script instead of a pile. */
  replace: jsonBoolean().optional(),
  /** The second factor when the account has one: an authenticator code or a recovery code. */
  otp: z.string().trim().max(64).optional(),
});

export const LOGIN_TOKEN_NAME = "login";

export const roleSchema = z.enum(ROLES);
export const scopeSchema = z.enum(TOKEN_SCOPES);

export const createTokenInput = strictObject({
  name: z
    .string({ error: requiredError })
    .trim()
    .min(1, REQUIRED_MESSAGE)
    .max(100, "Name must be at most 100 characters long."),
  scopes: z
    .array(scopeSchema, { error: requiredError })
    .min(1, "Pick at least one scope.")
    .transform((s) => [...new Set(s)]),
  // queryInt, not z.number(): the REST adapter mutates bare ZodNumbers to coerce (see schemas/common.ts).
  expiresInDays: queryInt(1, TOKEN_MAX_DAYS, {
    min: "Expiry must be at least 1 day.",
    max: `Expiry must be at most ${TOKEN_MAX_DAYS} days.`,
  }).default(TOKEN_DEFAULT_DAYS),
});

/** Token lists are paged like every list; the UI asks for the biggest page. */
export const listTokensInput = strictObject({ ...paginationInput.shape });
export type ListTokensInput = z.input<typeof listTokensInput>;

export const tokenIdInput = strictObject({
  id: z.string({ error: requiredError }).min(1, REQUIRED_MESSAGE).max(100),
});

export const publicUser = z.object({ id: z.string(), username: z.string(), role: roleSchema });

export type RegisterInput = z.infer<typeof registerInput>;
export type LoginInput = z.infer<typeof loginInput>;
export type CreateTokenInput = z.input<typeof createTokenInput>;

/** Times leave as ISO 8601 strings (no transformer: tRPC and REST see the same JSON). */
export const apiTokenView = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  expiresAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  createdAt: z.string(),
});

export const createdApiToken = apiTokenView.extend({
  /** The secret, shown this once: only its hash is stored. */
  token: z.string(),
});

export const listTokensOutput = paginationOutput(apiTokenView);
export const revokeAllTokensOutput = z.object({ revoked: z.number().int() });

export const loginOutput = z.object({ token: z.string(), expiresAt: z.string(), user: publicUser });

export const listUsersInput = strictObject({
  ...paginationInput.shape,
  search: z.string().trim().max(100).optional(),
});

export const adminUserView = z.object({
  id: z.string(),
  username: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  createdAt: z.string(),
  taskCount: z.number().int(),
  /** An authenticator app or at least one passkey. */
  twoFactor: z.boolean(),
});

export const updateUserInput = z
  .strictObject({
    id: z.string().min(1).max(100),
    role: roleSchema.optional(),
    disabled: jsonBoolean().optional(),
  })
  .refine((v) => v.role !== undefined || v.disabled !== undefined, {
    message: "Send role, disabled or both.",
    path: ["_"],
  });

export const listAuditInput = strictObject({
  ...paginationInput.shape,
  action: z.string().trim().max(64).optional(),
  /** Events where this user is the actor or the target. */
  userId: z.string().max(100).optional(),
});

export const auditEventView = z.object({
  id: z.string(),
  createdAt: z.string(),
  action: z.string(),
  actorId: z.string().nullable(),
  actorUsername: z.string().nullable(),
  target: z.string().nullable(),
  /** The target's username when the target is a user id (role changes, disabling). */
  targetUsername: z.string().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  meta: z.unknown(),
});
export const listUsersOutput = paginationOutput(adminUserView);
export const listAuditOutput = paginationOutput(auditEventView);
