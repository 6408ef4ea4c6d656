"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { changePasswordInput } from "@taskfort/api/schemas";
import { describeError } from "@/lib/errors";
import { useZodForm } from "@/lib/use-zod-form";
import { useTRPC } from "@/trpc/client";
import { Button, ErrorNotice, TextField } from "../ui";
import { Section } from "./section";

export function PasswordSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(
    changePasswordInput,
    { currentPassword: "", newPassword: "" },
    "password",
  );
  const change = useMutation(
    trpc.account.changePassword.mutationOptions({
      onSuccess: () => {
        form.reset();
        // Other sessions just ended: the list below shows it.
        void queryClient.invalidateQueries({ queryKey: trpc.account.sessions.list.queryKey() });
      },
      onError: (error) => form.setServerErrors(describeError(error).fields),
    }),
  );
  return (
    <Section title="Password" testId="password-section">
      <form
        {...form.formProps}
        onSubmit={form.handleSubmit((data) => change.mutate(data))}
        className="grid gap-1 md:grid-cols-2 md:gap-4"
      >
        {/* For password managers: which account this is. */}
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          {...form.field("currentPassword")}
        />
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          required
          {...form.field("newPassword")}
        />
        <div className="md:col-span-2">
          <Button type="submit" disabled={change.isPending}>
            {change.isPending ? "Changing…" : "Change password"}
          </Button>
        </div>
      </form>
      {change.isSuccess && (
        <p role="status" className="mt-2 text-sm text-green-800" data-testid="password-changed">
          Password changed. Every other session has been signed out.
        </p>
      )}
      {change.error && !describeError(change.error).fields && (
        <ErrorNotice error={change.error} title="The password was not changed." />
      )}
    </Section>
  );
}
