"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type ReactNode } from "react";
import {
  createTokenInput,
  TOKEN_DEFAULT_DAYS,
  TOKEN_MAX_DAYS,
  TOKEN_PAGE_SIZE,
  TOKEN_SCOPES,
} from "@taskfort/api/schemas";
import type { RouterOutputs } from "@taskfort/api";
import { describeError } from "@/lib/errors";
import { useZodForm } from "@/lib/use-zod-form";
import { useTRPC } from "@/trpc/client";
import { LocalTime } from "../local-time";
import { Button, ConfirmDialog, ErrorNotice, Pagination, ResponsiveTable, TextField } from "../ui";

type TokenList = RouterOutputs["token"]["list"];
type Token = TokenList["items"][number];

function tokenStatus(token: Token): ReactNode {
  if (token.revokedAt)
    return (
      <>
        Revoked <LocalTime iso={token.revokedAt} />
      </>
    );
  if (token.expiresAt <= new Date().toISOString()) return "Expired";
  return "Active";
}

export function TokenManager({ initialData }: { initialData: TokenList | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ids = useId();
  const [page, setPage] = useState(1);
  const list = useQuery({
    ...trpc.token.list.queryOptions({ page, pageSize: TOKEN_PAGE_SIZE }),
    initialData: page === 1 ? (initialData ?? undefined) : undefined,
  });
  const form = useZodForm(
    createTokenInput,
    {
      name: "",
      scopes: [...TOKEN_SCOPES] as string[],
      expiresInDays: String(TOKEN_DEFAULT_DAYS),
    },
    "new-token",
  );
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [revoking, setRevoking] = useState<Token | null>(null);
  const [revokingAll, setRevokingAll] = useState(false);

  const create = useMutation(
    trpc.token.create.mutationOptions({
      onSuccess: (created) => {
        setSecret({ name: created.name, token: created.token });
        setCopied(false);
        form.reset();
        void queryClient.invalidateQueries({ queryKey: trpc.token.list.pathKey() });
      },
      onError: (error) => form.setServerErrors(describeError(error).fields),
    }),
  );
  const revoke = useMutation(
    trpc.token.revoke.mutationOptions({
      onSuccess: () => {
        setRevoking(null);
        void queryClient.invalidateQueries({ queryKey: trpc.token.list.pathKey() });
      },
    }),
  );
  const revokeAll = useMutation(
    trpc.token.revokeAll.mutationOptions({
      onSuccess: () => {
        setRevokingAll(false);
        void queryClient.invalidateQueries({ queryKey: trpc.token.list.pathKey() });
      },
    }),
  );
  const scopes = form.values.scopes;
  const scopesError = form.errorFor("scopes");

  return (
    <>
      <section
        aria-labelledby={`${ids}-new`}
        className="mb-6 rounded-lg border border-slate-200 bg-white p-4"
      >
        <h2 id={`${ids}-new`} className="mb-3 text-lg font-semibold">
          New token
        </h2>
        <form
          {...form.formProps}
          onSubmit={form.handleSubmit((data) => {
            setSecret(null);
            create.mutate(data);
          })}
          className="grid gap-1 md:grid-cols-3 md:gap-4"
        >
          <TextField label="Name" required {...form.field("name")} />
          <fieldset aria-describedby={`${ids}-scopes-error`}>
            <legend className="mb-1 text-sm font-medium">Scopes</legend>
            {TOKEN_SCOPES.map((scope) => (
              <label key={scope} className="flex items-center gap-2 py-1 text-sm">
                <input
                  type="checkbox"
                  name="scopes"
                  className="size-4 accent-blue-700"
                  checked={scopes.includes(scope)}
                  onChange={(e) =>
                    form.setValue(
                      "scopes",
                      e.target.checked ? [...scopes, scope] : scopes.filter((s) => s !== scope),
                    )
                  }
                />
                {scope === "tasks:read"
                  ? "Read tasks (tasks:read): list, get and export your tasks."
                  : "Write tasks (tasks:write): create, change, delete and import tasks."}
              </label>
            ))}
            <p
              id={`${ids}-scopes-error`}
              aria-live="polite"
              className="min-h-5 text-sm text-red-700"
            >
              {scopesError}
            </p>
          </fieldset>
          <TextField
            label="Expires in (days)"
            type="number"
            inputMode="numeric"
            min={1}
            max={TOKEN_MAX_DAYS}
            required
            {...form.field("expiresInDays")}
          />
          <div className="md:col-span-3">
            <Button type="submit" disabled={create.isPending}>
              {create.isPending ? "Creating…" : "Create token"}
            </Button>
          </div>
        </form>
        {create.error && !describeError(create.error).fields && (
          <ErrorNotice error={create.error} title="The token was not created." />
        )}
        {secret && (
          <div
            role="status"
            className="mt-4 rounded-md border border-green-300 bg-green-50 p-3 text-sm"
            data-testid="new-token"
          >
            <p className="font-semibold">
              Token “{secret.name}” created. Copy it now: it will not be shown again.
            </p>
            <div className="mt-2 flex flex-wrap items-center gap-2">
              <label htmlFor={`${ids}-secret`} className="sr-only">
                New token secret
              </label>
              <input
                id={`${ids}-secret`}
                readOnly
                value={secret.token}
                data-testid="token-secret"
                className="min-w-0 flex-1 rounded border border-slate-400 bg-white px-2 py-1 font-mono text-sm"
                onFocus={(e) => e.currentTarget.select()}
              />
              <Button
                variant="secondary"
                onClick={() =>
                  void navigator.clipboard.writeText(secret.token).then(
                    () => setCopied(true),
                    () => setCopied(false),
                  )
                }
              >
                Copy
              </Button>
              <Button variant="ghost" onClick={() => setSecret(null)}>
                Done
              </Button>
            </div>
            <p aria-live="polite" className="mt-1 min-h-5">
              {copied && "Copied to the clipboard."}
            </p>
          </div>
        )}
      </section>

      <section
        aria-labelledby={`${ids}-list`}
        className="rounded-lg border border-slate-200 bg-white p-4"
      >
        <h2 id={`${ids}-list`} className="mb-3 text-lg font-semibold">
          Your tokens
        </h2>
        {list.isPending && <p role="status">Loading tokens…</p>}
        {list.isError && (
          <ErrorNotice error={list.error} title="Your tokens could not be loaded." />
        )}
        {list.data && list.data.items.length === 0 && (
          <p className="text-slate-600">No tokens yet.</p>
        )}
        {list.data && list.data.items.length > 0 && (
          <ResponsiveTable
            label="Your tokens table"
            className="min-[481px]:min-w-[36rem]"
            rows={list.data.items}
            rowKey={(token) => token.id}
            rowProps={() => ({ "data-testid": "token-row" })}
            columns={[
              {
                header: "Name",
                className: "break-all",
                cell: (token) => (
                  <>
                    {token.name}{" "}
                    <span className="font-mono text-xs text-slate-600">{token.prefix}…</span>
                  </>
                ),
              },
              { header: "Scopes", cell: (token) => token.scopes.join(", ") },
              { header: "Last used", cell: (token) => <LocalTime iso={token.lastUsedAt} /> },
              { header: "Expires", cell: (token) => <LocalTime iso={token.expiresAt} /> },
              { header: "Status", cell: tokenStatus },
              {
                header: "Actions",
                hideHeader: true,
                cell: (token) =>
                  !token.revokedAt && (
                    <Button
                      variant="secondary"
                      onClick={() => (revoke.reset(), setRevoking(token))}
                      aria-label={`Revoke “${token.name}”`}
                    >
                      Revoke
                    </Button>
                  ),
              },
            ]}
          />
        )}
        {list.data && list.data.totalPages > 1 && (
          <Pagination
            page={page}
            totalPages={list.data.totalPages}
            total={list.data.total}
            noun="tokens"
            onPage={setPage}
          />
        )}
        {list.data && list.data.total > 0 && (
          <div className="mt-4">
            <Button variant="secondary" onClick={() => (revokeAll.reset(), setRevokingAll(true))}>
              Revoke all tokens
            </Button>
          </div>
        )}
      </section>

      <ConfirmDialog
        open={revoking !== null}
        title="Revoke this token?"
        message={
          <p>Scripts using “{revoking?.name}” will stop working at once. This cannot be undone.</p>
        }
        confirmLabel="Revoke token"
        pending={revoke.isPending}
        error={revoke.error}
        onConfirm={() => revoking && revoke.mutate({ id: revoking.id })}
        onCancel={() => setRevoking(null)}
      />
      <ConfirmDialog
        open={revokingAll}
        title="Revoke every token?"
        message={
          <p>
            Every script using one of your tokens will stop working at once. This cannot be undone.
          </p>
        }
        confirmLabel="Revoke all tokens"
        pending={revokeAll.isPending}
        error={revokeAll.error}
        onConfirm={() => revokeAll.mutate()}
        onCancel={() => setRevokingAll(false)}
      />
    </>
  );
}
