"use client";
import Link from "next/link";
import { useMutation } from "@tanstack/react-query";
import { resetPasswordInput } from "@taskfort/api/schemas";
import { describeError } from "@/lib/errors";
import { useLinkToken } from "@/lib/link-token";
import { useZodForm } from "@/lib/use-zod-form";
import { useTRPC } from "@/trpc/client";
import { Button, focusRing, FormError, TextField } from "../ui";

export function ResetPasswordForm() {
  const trpc = useTRPC();
  const token = useLinkToken();
  const form = useZodForm(
    resetPasswordInput.pick({ newPassword: true }),
    { newPassword: "" },
    "reset",
  );
  const reset = useMutation(
    trpc.auth.resetPassword.mutationOptions({
      onError: (error) => form.setServerErrors(describeError(error).fields),
    }),
  );
  if (token === null) return null;
  if (reset.isSuccess)
    return (
      <div role="status" className="space-y-3 text-sm" data-testid="reset-done">
        <p>Your password has been changed and every session was signed out.</p>
        <Link href="/login" className={`text-blue-800 underline ${focusRing}`}>
          Sign in with the new password
        </Link>
      </div>
    );
  const error = reset.error ? describeError(reset.error) : null;
  // A dead link is the form's failure, not the password field's.
  const linkError = error?.fields?.token?.[0];
  return (
    <form
      {...form.formProps}
      onSubmit={form.handleSubmit((data) => reset.mutate({ token, newPassword: data.newPassword }))}
      className="space-y-1"
      aria-describedby="reset-error"
    >
      {!token && (
        <p className="mb-3 text-sm text-red-700">
          This page needs the link from the reset mail.{" "}
          <Link href="/forgot-password" className={`underline ${focusRing}`}>
            Ask for a new link
          </Link>
          .
        </p>
      )}
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        {...form.field("newPassword")}
      />
      <FormError
        id="reset-error"
        error={
          linkError
            ? { code: "BAD_REQUEST", message: linkError }
            : error && !error.fields
              ? error
              : null
        }
      />
      {linkError && (
        <p className="text-sm">
          <Link href="/forgot-password" className={`text-blue-800 underline ${focusRing}`}>
            Ask for a new link
          </Link>
        </p>
      )}
      <Button type="submit" disabled={reset.isPending || !token} className="w-full">
        {reset.isPending ? "Saving…" : "Set new password"}
      </Button>
    </form>
  );
}
