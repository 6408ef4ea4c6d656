"use client";
// Password sign-in through next-auth's credentials endpoint (the server side is next-auth's
// CredentialsProvider). Not next-auth/react's signIn(): with redirect:false it parses
// `new URL(body.url)` and throws on our 429 envelope, losing the throttle message and its
// wait time, which people must see. So the same two requests are made here and both
// answers are read. next-auth/react (for the CSRF token) is loaded when a sign-in is sent,
// not with the sign-in page.
import {
  authMessages,
  SIGN_IN_OTP_ERRORS,
  twoFactorMessages,
  type SignInOtpError,
} from "@taskfort/api/schemas";
import { throttledMessage } from "@taskfort/api/limits/client";
import { envelopeError, NETWORK_MESSAGE, type ErrorInfo } from "./errors";

export type SignInResult =
  | { ok: true }
  /** `otp`: the password was right and the account's second factor is what is missing or wrong. */
  | { ok: false; error: ErrorInfo; otp?: SignInOtpError };

/** next-auth's answer for a refused sign-in carries the authorize() error in its URL. */
function otpErrorOf(url: URL): { otp: SignInOtpError; error: ErrorInfo } | null {
  const [name, seconds] = (url.searchParams.get("error") ?? "").split(":");
  const otp = SIGN_IN_OTP_ERRORS.find((e) => e === name);
  if (!otp) return null;
  if (otp === "OtpLimited")
    return {
      otp,
      error: {
        code: "TOO_MANY_REQUESTS",
        message: throttledMessage(Number(seconds) || 60),
      },
    };
  const message =
    otp === "OtpRequired" ? twoFactorMessages.otpRequired : twoFactorMessages.otpInvalid;
  return { otp, error: { code: "UNAUTHORIZED", message, fields: { otp: [message] } } };
}

export async function signInWithPassword(
  username: string,
  password: string,
  otp = "",
): Promise<SignInResult> {
  return postCredentials("credentials", { username, password, otp });
}

/** A passkey sign-in: the WebAuthn assertion, checked by next-auth's "passkey" provider. */
export async function signInWithPasskey(response: unknown): Promise<SignInResult> {
  return postCredentials("passkey", { response: JSON.stringify(response) });
}

async function postCredentials(
  provider: "credentials" | "passkey",
  fields: Record<string, string>,
): Promise<SignInResult> {
  try {
    const { getCsrfToken } = await import("next-auth/react");
    const csrfToken = (await getCsrfToken()) ?? "";
    const res = await fetch(`/api/auth/callback/${provider}`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Auth-Return-Redirect": "1",
      },
      body: new URLSearchParams({
        ...fields,
        csrfToken,
        callbackUrl: "/tasks",
        json: "true",
      }),
    });
    const body: unknown = await res.json().catch(() => null);
    const envelope = envelopeError(body);
    if (envelope) return { ok: false, error: envelope };
    const url = (body as { url?: string } | null)?.url;
    const parsed = url ? new URL(url, window.location.origin) : null;
    const otpError = parsed && provider === "credentials" ? otpErrorOf(parsed) : null;
    if (otpError) return { ok: false, ...otpError };
    if (!res.ok || !parsed || parsed.searchParams.has("error")) {
      const message =
        provider === "passkey" ? twoFactorMessages.passkeyRefused : authMessages.badCredentials;
      return { ok: false, error: { code: "UNAUTHORIZED", message } };
    }
    return { ok: true };
  } catch {
    return { ok: false, error: { code: "NETWORK", message: NETWORK_MESSAGE } };
  }
}
