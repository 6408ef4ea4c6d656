"use client";
// Settings: passkeys. Add (the browser's passkey prompt, verified by the server), rename, remove.
import {
  startRegistration,
  type PublicKeyCredentialCreationOptionsJSON,
} from "@simplewebauthn/browser";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import {
  addPasskeyInput,
  renamePasskeyInput,
  twoFactorMessages,
  type PasskeyView,
} from "@taskfort/api/schemas";
import { describeError, type ErrorInfo } from "@/lib/errors";
import { useZodForm } from "@/lib/use-zod-form";
import { useTRPC, useTRPCClient } from "@/trpc/client";

import { LocalTime } from "../local-time";
import { Button, ConfirmDialog, ErrorNotice, FormError, ResponsiveTable, TextField } from "../ui";

const addPasskeyNameInput = addPasskeyInput.pick({ name: true });
const renamePasskeyNameInput = renamePasskeyInput.pick({ name: true });

/** The inline rename form of one passkey row: the shared schema's name rule, its message under the field. */
function RenamePasskeyForm({
  passkey,
  pending,
  onRename,
}: {
  passkey: PasskeyView;
  pending: boolean;
  onRename: (name: string) => void;
}) {
  const form = useZodForm(renamePasskeyNameInput, { name: passkey.name }, `rename-${passkey.id}`);
  return (
    <form
      {...form.formProps}
      onSubmit={form.handleSubmit(({ name }) => onRename(name))}
      className="flex flex-wrap items-start gap-2"
    >
      <TextField label="New name" hideLabel className="min-w-0 flex-1" {...form.field("name")} />
      <Button type="submit" variant="secondary" disabled={pending}>
        Save
      </Button>
    </form>
  );
}

export function PasskeysSection({ initialData }: { initialData: PasskeyView[] | null }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const ids = useId();
  const list = useQuery({
    ...trpc.passkey.list.queryOptions(),
    initialData: initialData ?? undefined,
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.passkey.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.twoFactor.get.queryKey() });
  };
  const form = useZodForm(addPasskeyNameInput, { name: "" }, "passkey-add");
  const [adding, setAdding] = useState(false);
  const [addError, setAddError] = useState<ErrorInfo | null>(null);
  const [removing, setRemoving] = useState<PasskeyView | null>(null);
  const [renaming, setRenaming] = useState<{ id: string } | null>(null);

  const remove = useMutation(
    trpc.passkey.delete.mutationOptions({
      onSuccess: () => {
        setRemoving(null);
        refresh();
      },
    }),
  );
  const rename = useMutation(
    trpc.passkey.rename.mutationOptions({
      onSuccess: () => {
        setRenaming(null);
        refresh();
      },
    }),
  );

  async function add({ name }: { name: string }) {
    setAddError(null);
    setAdding(true);
    try {
      const options = await client.passkey.registrationOptions.mutate();
      let response: unknown;
      try {
        response = await startRegistration({
          optionsJSON: options as unknown as PublicKeyCredentialCreationOptionsJSON,
        });
      } catch {
        setAddError({ code: "BAD_REQUEST", message: twoFactorMessages.passkeyRefused });
        return;
      }
      await client.passkey.add.mutate({ name, response: response as Record<string, unknown> });
      form.reset();
      refresh();
    } catch (error) {
      setAddError(describeError(error));
    } finally {
      setAdding(false);
    }
  }

  return (
    <section
      aria-labelledby={`${ids}-title`}
      className="mb-6 rounded-lg border border-slate-200 bg-white p-4"
      data-testid="passkeys-section"
    >
      <h2 id={`${ids}-title`} className="mb-1 text-lg font-semibold">
        Passkeys
      </h2>
      <p className="mb-3 text-sm text-slate-700">
        A passkey signs you in without a password, with your device&apos;s screen lock. It counts as
        both factors.
      </p>
      <form
        {...form.formProps}
        onSubmit={form.handleSubmit(add)}
        className="flex flex-wrap items-end gap-3"
      >
        <TextField
          label="Passkey name"
          placeholder="e.g. Laptop"
          className="min-w-48 flex-1"
          {...form.field("name")}
        />
        <Button type="submit" disabled={adding} className="mb-6">
          {adding ? "Waiting for your device…" : "Add a passkey"}
        </Button>
      </form>
      <FormError error={addError} />

      {list.data && list.data.length > 0 ? (
        <ResponsiveTable
          label="Your passkeys"
          testId="passkey-list"
          rows={list.data}
          rowKey={(p) => p.id}
          rowProps={() => ({ "data-testid": "passkey-row" })}
          columns={[
            {
              header: "Name",
              cell: (p) =>
                renaming?.id === p.id ? (
                  <RenamePasskeyForm
                    passkey={p}
                    pending={rename.isPending}
                    onRename={(name) => rename.mutate({ id: p.id, name })}
                  />
                ) : (
                  p.name
                ),
            },
            { header: "Added", cell: (p) => <LocalTime iso={p.createdAt} /> },
            {
              header: "Last used",
              cell: (p) => <LocalTime iso={p.lastUsedAt} fallback="Never" />,
            },
            { header: "Synced", cell: (p) => (p.backedUp ? "Yes" : "No") },
            {
              header: "Actions",
              hideHeader: true,
              cell: (p) => (
                <div className="flex gap-2">
                  <Button variant="ghost" onClick={() => setRenaming({ id: p.id })}>
                    Rename<span className="sr-only"> {p.name}</span>
                  </Button>
                  <Button variant="ghost" onClick={() => setRemoving(p)}>
                    Remove<span className="sr-only"> {p.name}</span>
                  </Button>
                </div>
              ),
            },
          ]}
        />
      ) : (
        <p className="text-sm text-slate-600">No passkeys yet.</p>
      )}
      {rename.error && <ErrorNotice error={rename.error} title="The passkey was not renamed." />}
      <ConfirmDialog
        open={removing !== null}
        title="Remove this passkey?"
        message={`“${removing?.name ?? ""}” will no longer sign you in.`}
        confirmLabel="Remove passkey"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => removing && remove.mutate({ id: removing.id })}
        onCancel={() => setRemoving(null)}
      />
    </section>
  );
}
