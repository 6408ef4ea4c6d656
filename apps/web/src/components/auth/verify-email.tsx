"use client";
import Link from "next/link";
import { useMutation } from "@tanstack/react-query";
import { describeError } from "@/lib/errors";
import { useLinkToken } from "@/lib/link-token";
import { useTRPC } from "@/trpc/client";
import { Button, focusRing, FormError } from "../ui";

/** A button, not an automatic call on load: a link scanner or a preview opening the page confirms nothing. */
export function VerifyEmail() {
  const trpc = useTRPC();
  const token = useLinkToken();
  const verify = useMutation(trpc.auth.verifyEmail.mutationOptions());
  if (token === null) return null;
  if (verify.isSuccess)
    return (
      <div role="status" className="space-y-3 text-sm" data-testid="verify-done">
        <p>Your email address is confirmed.</p>
        <Link href="/settings/account" className={`text-blue-800 underline ${focusRing}`}>
          Go to your account
        </Link>
      </div>
    );
  const error = verify.error ? describeError(verify.error) : null;
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700">
        {token
          ? "Confirm that this email address belongs to your Taskfort account."
          : "This page needs the link from the verification mail."}
      </p>
      <FormError
        id="verify-error"
        error={error ? { ...error, message: error.fields?.token?.[0] ?? error.message } : null}
      />
      <Button
        className="w-full"
        disabled={!token || verify.isPending}
        onClick={() => verify.mutate({ token })}
      >
        {verify.isPending ? "Confirming…" : "Confirm email address"}
      </Button>
    </div>
  );
}
