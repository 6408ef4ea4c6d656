"use client";
import Link from "next/link";
import { useState } from "react";
import { loginInput, twoFactorMessages } from "@taskfort/api/schemas";
import { usePasskeySignIn } from "@/components/account/passkeys-sign-in";
import type { ErrorInfo } from "@/lib/errors";
import { signInWithPassword } from "@/lib/sign-in";
import { useZodForm } from "@/lib/use-zod-form";
import { Button, focusRing, FormError, TextField } from "../ui";
import { InfoNotice } from "./info-notice";

export interface LoginFormProps {
  callbackUrl: string;
  expired: boolean;
  oidc: boolean;
}

export function LoginForm({ callbackUrl, expired, oidc }: LoginFormProps) {
  const form = useZodForm(loginInput, { username: "", password: "", otp: "" }, "login");
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [pending, setPending] = useState(false);
  // Set once the password was accepted and the account asked for its second factor.
  const [askOtp, setAskOtp] = useState(false);
  const passkey = usePasskeySignIn();

  const onSubmit = form.handleSubmit(async (data) => {
    setPending(true);
    setError(null);
    const result = await signInWithPassword(data.username, data.password, data.otp ?? "");
    if (result.ok) {
      // A full page load, not a client-side navigation: nothing cached for an earlier session
      // (possibly another person's, after "session expired") may survive into this one.
      window.location.assign(callbackUrl);
      return;
    }
    setPending(false);
    if (result.otp) {
      setAskOtp(true);
      // "A code is needed" is a prompt, not a failure: the field's hint says what to type.
      if (result.otp === "OtpRequired") return;
    }
    setError(result.otp === "OtpInvalid" ? null : result.error);
    form.setServerErrors(result.error.fields);
  });

  async function onPasskey() {
    setError(null);
    const result = await passkey.signIn();
    if (result.ok) window.location.assign(callbackUrl);
    else if (result.error) setError(result.error);
  }

  return (
    <>
      {expired && <InfoNotice>Your session has expired. Sign in again to continue.</InfoNotice>}
      <form
        {...form.formProps}
        onSubmit={onSubmit}
        className="space-y-1"
        aria-describedby="login-error"
      >
        <TextField label="Username" autoComplete="username" required {...form.field("username")} />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          {...form.field("password")}
        />
        {askOtp && (
          <TextField
            label="Authentication code"
            autoComplete="one-time-code"
            hint={twoFactorMessages.otpRequired}
            autoFocus
            required
            {...form.field("otp")}
          />
        )}
        <p className="-mt-4 mb-2 text-sm">
          <Link href="/forgot-password" className={`text-blue-800 underline ${focusRing}`}>
            Forgot your password?
          </Link>
        </p>
        <FormError id="login-error" error={error} />
        <Button type="submit" disabled={pending} className="w-full">
          {pending ? "Signing in…" : askOtp ? "Verify and sign in" : "Sign in"}
        </Button>
      </form>
      <Button
        variant="secondary"
        className="mt-3 w-full"
        disabled={passkey.pending}
        onClick={() => void onPasskey()}
      >
        {passkey.pending ? "Waiting for your passkey…" : "Sign in with a passkey"}
      </Button>
      {oidc && (
        <Button
          variant="secondary"
          className="mt-3 w-full"
          // next-auth/react only on the click: the sign-in page loads without it.
          onClick={() =>
            void import("next-auth/react").then(({ signIn }) => signIn("oidc", { callbackUrl }))
          }
        >
          Sign in with single sign-on
        </Button>
      )}
      <p className="mt-4 text-sm">
        No account?{" "}
        <Link href="/register" className={`text-blue-800 underline ${focusRing}`}>
          Create one
        </Link>
      </p>
    </>
  );
}
