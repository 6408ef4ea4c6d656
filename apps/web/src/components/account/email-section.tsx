"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { setEmailInput, type Me } from "@taskfort/api/schemas";
import { describeError } from "@/lib/errors";
import { useZodForm } from "@/lib/use-zod-form";
import { useTRPC } from "@/trpc/client";
import { Button, ErrorNotice, TextField } from "../ui";
import { Section } from "./section";

export function EmailSection({ me, mailOff }: { me: Me; mailOff: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(setEmailInput, { email: me.email ?? "" }, "email");
  const save = useMutation(
    trpc.account.setEmail.mutationOptions({
      onSuccess: () =>
        void queryClient.invalidateQueries({ queryKey: trpc.account.get.queryKey() }),
      onError: (error) => form.setServerErrors(describeError(error).fields),
    }),
  );
  return (
    <Section title="Email" testId="email-section">
      <p className="mb-3 text-sm" data-testid="email-status">
        {me.email ? (
          <>
            <span className="font-medium">{me.email}</span>{" "}
            {me.emailVerified ? "(verified)" : "(not verified yet: follow the link we mailed)"}
          </>
        ) : (
          "No email address. With a verified one you can reset a forgotten password yourself."
        )}
      </p>
      {mailOff ? (
        <p className="text-sm text-slate-700">
          This server does not send mail, so an email address cannot be verified here.
        </p>
      ) : (
        <form
          {...form.formProps}
          onSubmit={form.handleSubmit((data) => save.mutate(data))}
          className="flex flex-wrap items-start gap-3"
        >
          <TextField
            label="Email address"
            type="email"
            autoComplete="email"
            className="min-w-0 flex-1 basis-64"
            required
            {...form.field("email")}
          />
          <Button type="submit" className="mt-6" disabled={save.isPending}>
            {save.isPending ? "Saving…" : me.email ? "Change email" : "Add email"}
          </Button>
        </form>
      )}
      {save.isSuccess && (
        <p role="status" className="text-sm text-green-800">
          {save.data.message}
        </p>
      )}
      {save.error && !describeError(save.error).fields && (
        <ErrorNotice error={save.error} title="The email was not changed." />
      )}
    </Section>
  );
}
