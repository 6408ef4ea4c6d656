"use client";
import { useMutation } from "@tanstack/react-query";
import { deleteAccountInput } from "@taskfort/api/schemas";
import { describeError } from "@/lib/errors";
import { signOutToLogin } from "@/lib/sign-out";
import { useZodForm } from "@/lib/use-zod-form";
import { useTRPC } from "@/trpc/client";
import { Button, ErrorNotice, TextField } from "../ui";
import { Section } from "./section";

/**
 * Deleting the account. `twoFactor` is true once two-factor sign-in is on for the account;
 * the code field then appears (the server requires it; see auth/second-factor.ts).
 */
export function DeleteSection({ twoFactor }: { twoFactor: boolean }) {
  const trpc = useTRPC();
  const form = useZodForm(deleteAccountInput, { password: "", code: "" }, "delete");
  const remove = useMutation(
    trpc.account.delete.mutationOptions({
      // The session is already gone on the server; this clears the cookie.
      onSuccess: () => void signOutToLogin(),
      onError: (error) => form.setServerErrors(describeError(error).fields),
    }),
  );
  return (
    <Section title="Delete account" testId="delete-section">
      <p className="mb-3 text-sm text-slate-700">
        Deletes your account, your tasks, API tokens and sessions at once. This cannot be undone;
        download an export first if you want to keep anything.
      </p>
      <form
        {...form.formProps}
        onSubmit={form.handleSubmit((data) =>
          remove.mutate({ password: data.password, code: data.code || undefined }),
        )}
        className="flex flex-wrap items-start gap-3"
      >
        <TextField
          label="Your password"
          type="password"
          autoComplete="current-password"
          className="min-w-0 flex-1 basis-64"
          required
          {...form.field("password")}
        />
        {twoFactor && (
          <TextField
            label="Two-factor code"
            inputMode="numeric"
            autoComplete="one-time-code"
            className="min-w-0 flex-1 basis-40"
            {...form.field("code")}
          />
        )}
        <Button type="submit" variant="danger" className="mt-6" disabled={remove.isPending}>
          {remove.isPending ? "Deleting…" : "Delete my account"}
        </Button>
      </form>
      {remove.error && !describeError(remove.error).fields && (
        <ErrorNotice error={remove.error} title="The account was not deleted." />
      )}
    </Section>
  );
}
