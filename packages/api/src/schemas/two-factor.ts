// Two-factor and passkey input rules, messages and response shapes. Client-safe (zod only).
import { z } from "zod";
import "./zod";
import { REQUIRED_MESSAGE, requiredError, strictObject } from "./common";
import { PASSWORD_MAX } from "./auth";

export const RECOVERY_CODE_COUNT = 10;
export const PASSKEY_NAME_MAX = 64;

export const twoFactorMessages = {
  otpRequired: "Enter the 6-digit code from your authenticator app, or a recovery code.",
  otpInvalid: "That code is not valid.",
  passwordWrong: "The password is not correct.",
  alreadyOn: "Two-factor authentication is already on. Turn it off first to set it up again.",
  notPending: "Start setting up two-factor authentication first.",
  notOn: "Two-factor authentication is not on.",
  adminMustEnrol:
    "Administrators must set up two-factor authentication (an authenticator app or a passkey) first.",
  passkeyRefused: "This passkey could not be verified.",
  passkeyNotFound: "No such passkey.",
} as const;

/**
 * What the browser's password sign-in (next-auth's credentials callback) reports in its
 * `error` parameter when the password was right but the second factor is missing, wrong or
 * throttled ("OtpLimited:<seconds>"). Anything else there is a plain failed sign-in.
 */
export const SIGN_IN_OTP_ERRORS = ["OtpRequired", "OtpInvalid", "OtpLimited"] as const;
export type SignInOtpError = (typeof SIGN_IN_OTP_ERRORS)[number];

/** A 6-digit authenticator code or a recovery code (spaces and hyphens are ignored). Bounded, never parsed further here. */
export const otpCodeSchema = z
  .string({ error: requiredError })
  .trim()
  .min(1, REQUIRED_MESSAGE)
  .max(64, twoFactorMessages.otpInvalid);

export const confirmTwoFactorInput = strictObject({ code: otpCodeSchema });

export const disableTwoFactorInput = strictObject({
  password: z
    .string({ error: requiredError })
    .min(1, REQUIRED_MESSAGE)
    .max(PASSWORD_MAX, twoFactorMessages.passwordWrong),
  code: otpCodeSchema,
});

export const regenerateRecoveryCodesInput = strictObject({ code: otpCodeSchema });

export const twoFactorSetupOutput = z.object({
  /** Base32, for typing into an app by hand. */
  secret: z.string(),
  /** otpauth://totp/... for the QR code. */
  otpauthUri: z.string(),
});

export const recoveryCodesOutput = z.object({ recoveryCodes: z.array(z.string()) });

export const twoFactorStatusOutput = z.object({
  enabled: z.boolean(),
  pending: z.boolean(),
  recoveryCodesLeft: z.number().int(),
  passkeys: z.number().int(),
});

export const passkeyNameSchema = z
  .string({ error: requiredError })
  .trim()
  .min(1, REQUIRED_MESSAGE)
  .max(PASSKEY_NAME_MAX, `Name must be at most ${PASSKEY_NAME_MAX} characters long.`);

export const passkeyView = z.object({
  id: z.string(),
  name: z.string(),
  deviceType: z.string(),
  backedUp: z.boolean(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});

export const passkeyIdInput = strictObject({ id: z.string().min(1).max(100) });
export const renamePasskeyInput = strictObject({
  id: z.string().min(1).max(100),
  name: passkeyNameSchema,
});

/**
 * A WebAuthn response as @simplewebauthn/browser produces it. Its inner shape is checked by
 * @simplewebauthn/server (which knows the format); here only its size is bounded.
 */
export const webAuthnResponseSchema = z
  .record(z.string(), z.unknown())
  .refine((v) => JSON.stringify(v).length <= 16_384, "The response is too large.");

export const addPasskeyInput = strictObject({
  name: passkeyNameSchema,
  response: webAuthnResponseSchema,
});

export const adminResetSecondFactorsInput = strictObject({ id: z.string().min(1).max(100) });

export type PasskeyView = z.infer<typeof passkeyView>;
