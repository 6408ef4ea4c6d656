// Account self-service input rules and answers (email, password change and reset,
// sessions, export, delete), shared by the forms, the procedures and the REST docs.
// Client-safe: zod only.
import { z } from "zod";
import "./zod";
import { PASSWORD_MAX, passwordSchema, roleSchema, apiTokenView } from "./auth";
import { REQUIRED_MESSAGE, requiredError, strictObject } from "./common";
import { taskOutput } from "./task";

export const EMAIL_MAX = 254;

export const accountMessages = {
  emailInvalid: "Enter a valid email address.",
  emailLong: `Email must be at most ${EMAIL_MAX} characters long.`,
  emailTaken: "This email address is already in use by another account.",
  currentPasswordWrong: "The current password is not correct.",
  passwordWrong: "The password is not correct.",
  /** One answer for unknown, expired, used and foreign links: which one it was is not revealed. */
  linkInvalid: "This link is invalid or has expired. Ask for a new one.",
  sessionNotFound: "Session not found.",
  noPassword: "This account signs in through single sign-on and has no password to check.",
  mailOff: "This server does not send mail. Ask an administrator for a password reset link.",
  lastAdmin: "You are the last active admin: promote another user to admin first.",
} as const;

/** A password the user already has: only the outer bounds (it may predate today's rules). */
const existingPassword = z
  .string({ error: requiredError })
  .min(1, REQUIRED_MESSAGE)
  .max(PASSWORD_MAX, `Password must be at most ${PASSWORD_MAX} characters long.`);

export const emailSchema = z
  .string({ error: requiredError })
  .trim()
  .min(1, { error: REQUIRED_MESSAGE, abort: true })
  .max(EMAIL_MAX, { error: accountMessages.emailLong, abort: true })
  .pipe(z.email(accountMessages.emailInvalid));

export const setEmailInput = strictObject({ email: emailSchema });

export const changePasswordInput = strictObject({
  currentPassword: existingPassword,
  newPassword: passwordSchema,
});

/** Link secrets are 43 base64url characters; anything up to 200 is looked at (and fails as "invalid"). */
const linkToken = z.string({ error: requiredError }).min(1, REQUIRED_MESSAGE).max(200);

export const verifyEmailInput = strictObject({ token: linkToken });

export const forgotPasswordInput = strictObject({
  username: z.string({ error: requiredError }).trim().min(1, REQUIRED_MESSAGE).max(200),
});

export const resetPasswordInput = strictObject({ token: linkToken, newPassword: passwordSchema });

export const deleteAccountInput = strictObject({
  password: existingPassword,
  /** A two-factor or recovery code; required once two-factor sign-in is on for the account. */
  code: z.string().trim().max(64).optional(),
});

export const sessionIdInput = strictObject({
  id: z.string({ error: requiredError }).min(1, REQUIRED_MESSAGE).max(100),
});

export const userIdInput = strictObject({ id: z.string().min(1).max(100) });

export const meView = z.object({
  id: z.string(),
  username: z.string(),
  role: roleSchema,
  email: z.string().nullable(),
  emailVerified: z.boolean(),
  twoFactor: z.boolean(),
  passkeys: z.number().int(),
  createdAt: z.string(),
});

export const sessionView = z.object({
  id: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});

export const resetLinkView = z.object({ url: z.string(), expiresAt: z.string() });

export const accountExportView = z.object({
  exportedAt: z.string(),
  account: meView.omit({ twoFactor: true, passkeys: true }),
  /** Every task, the trashed ones too (deletedAt set). */
  tasks: z.array(taskOutput.extend({ deletedAt: z.string().nullable() })),
  labels: z.array(z.object({ id: z.string(), name: z.string(), createdAt: z.string() })),
  tokens: z.array(apiTokenView),
  auditEvents: z.array(
    z.object({
      id: z.string(),
      createdAt: z.string(),
      action: z.string(),
      target: z.string().nullable(),
      ip: z.string().nullable(),
      meta: z.unknown(),
    }),
  ),
});

export type Me = z.infer<typeof meView>;
export type SessionView = z.infer<typeof sessionView>;
export type AccountExport = z.infer<typeof accountExportView>;
