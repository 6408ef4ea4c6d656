"use client";
import Link from "next/link";
import { useMutation } from "@tanstack/react-query";
import { forgotPasswordInput } from "@taskfort/api/schemas";
import { describeError } from "@/lib/errors";
import { useZodForm } from "@/lib/use-zod-form";
import { useTRPC } from "@/trpc/client";
import { Button, focusRing, FormError, TextField } from "../ui";

export function ForgotPasswordForm() {
  const trpc = useTRPC();
  const form = useZodForm(forgotPasswordInput, { username: "" }, "forgot");
  const request = useMutation(
    trpc.auth.forgotPassword.mutationOptions({
      onError: (error) => form.setServerErrors(describeError(error).fields),
    }),
  );
  if (request.isSuccess)
    return (
      <div role="status" className="space-y-3 text-sm" data-testid="forgot-sent">
        <p>{request.data.message}</p>
        <p>The link works once, for 30 minutes. Check your spam folder if nothing arrives.</p>
        <Link href="/login" className={`text-blue-800 underline ${focusRing}`}>
          Back to sign in
        </Link>
      </div>
    );
  return (
    <form
      {...form.formProps}
      onSubmit={form.handleSubmit((data) => request.mutate(data))}
      className="space-y-1"
      aria-describedby="forgot-error"
    >
      <p className="mb-3 text-sm text-slate-700">
        Enter your username. If the account has a verified email address, we mail it a link to
        choose a new password.
      </p>
      <TextField label="Username" autoComplete="username" required {...form.field("username")} />
      <FormError
        id="forgot-error"
        error={
          request.error && !describeError(request.error).fields
            ? describeError(request.error)
            : null
        }
      />
      <Button type="submit" disabled={request.isPending} className="w-full">
        {request.isPending ? "Sending…" : "Send reset link"}
      </Button>
      <p className="mt-4 text-sm">
        <Link href="/login" className={`text-blue-800 underline ${focusRing}`}>
          Back to sign in
        </Link>
      </p>
    </form>
  );
}
