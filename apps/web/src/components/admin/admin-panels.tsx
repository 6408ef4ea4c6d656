"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import type { RouterOutputs } from "@taskfort/api";
import { AUDIT_ACTIONS, type Role } from "@taskfort/api/schemas";
import { useDebounced } from "@/lib/use-debounced";
import { useTRPC } from "@/trpc/client";
import { LocalTime } from "../local-time";
import {
  Button,
  ConfirmDialog,
  ErrorNotice,
  Pagination,
  ResponsiveTable,
  SearchField,
  Select,
} from "../ui";

type UserList = RouterOutputs["admin"]["users"]["list"];
type AdminUser = UserList["items"][number];
type AuditList = RouterOutputs["admin"]["audit"]["list"];

const USERS_PAGE_SIZE = 10;
const AUDIT_PAGE_SIZE = 20;

type PendingChange = {
  user: AdminUser;
  change: { role: Role } | { disabled: boolean };
};

function describeChange({ user, change }: PendingChange): {
  title: string;
  message: string;
  confirm: string;
} {
  if ("role" in change) {
    return change.role === "ADMIN"
      ? {
          title: "Make this user an admin?",
          message: `${user.username} will be able to manage every user and read the audit log.`,
          confirm: "Make admin",
        }
      : {
          title: "Remove admin role?",
          message: `${user.username} will become a regular user.`,
          confirm: "Make regular user",
        };
  }
  return change.disabled
    ? {
        title: "Disable this user?",
        message: `${user.username} will be signed out everywhere and their API tokens stop working.`,
        confirm: "Disable user",
      }
    : {
        title: "Enable this user?",
        message: `${user.username} will be able to sign in again.`,
        confirm: "Enable user",
      };
}

export function AdminPanels({
  currentUserId,
  initialUsers,
  initialAudit,
}: {
  currentUserId: string;
  initialUsers: UserList | null;
  initialAudit: AuditList | null;
}) {
  return (
    <div className="space-y-6">
      <UsersPanel currentUserId={currentUserId} initialData={initialUsers} />
      <AuditPanel initialData={initialAudit} />
    </div>
  );
}

function UsersPanel({
  currentUserId,
  initialData,
}: {
  currentUserId: string;
  initialData: UserList | null;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ids = useId();
  const [searchText, setSearchText] = useState("");
  const search = useDebounced(searchText.trim(), 350);
  const [page, setPage] = useState(1);
  const input = { page, pageSize: USERS_PAGE_SIZE, ...(search ? { search } : {}) };
  const users = useQuery({
    ...trpc.admin.users.list.queryOptions(input),
    placeholderData: keepPreviousData,
    initialData: page === 1 && !search && initialData ? initialData : undefined,
  });
  const [pending, setPending] = useState<PendingChange | null>(null);
  const update = useMutation(
    trpc.admin.users.update.mutationOptions({
      onSuccess: () => {
        setPending(null);
        void queryClient.invalidateQueries({ queryKey: trpc.admin.pathKey() });
      },
    }),
  );
  const text = pending ? describeChange(pending) : null;
  const [resetting, setResetting] = useState<AdminUser | null>(null);
  const reset = useMutation(
    trpc.admin.users.resetSecondFactors.mutationOptions({
      onSuccess: () => {
        setResetting(null);
        void queryClient.invalidateQueries({ queryKey: trpc.admin.pathKey() });
      },
    }),
  );
  // A one-time password reset link to hand to a user (for servers that send no mail).
  const [link, setLink] = useState<{ username: string; url: string; expiresAt: string } | null>(
    null,
  );
  const resetLink = useMutation(trpc.admin.users.resetLink.mutationOptions());

  return (
    <section
      aria-labelledby={`${ids}-users`}
      className="rounded-lg border border-slate-200 bg-white p-4"
    >
      <h2 id={`${ids}-users`} className="mb-3 text-lg font-semibold">
        Users
      </h2>
      <SearchField
        id={`${ids}-search`}
        label="Search users"
        className="mb-3 max-w-sm"
        value={searchText}
        maxLength={100}
        onChange={(e) => {
          setSearchText(e.target.value);
          setPage(1);
        }}
      />
      {link && (
        <div
          role="status"
          className="mb-3 rounded-md border border-green-300 bg-green-50 p-3 text-sm"
          data-testid="reset-link"
        >
          <p className="font-semibold">
            Reset link for {link.username}: it works once, until <LocalTime iso={link.expiresAt} />.
            Hand it over privately.
          </p>
          <label htmlFor={`${ids}-reset-link`} className="sr-only">
            Reset link
          </label>
          <input
            id={`${ids}-reset-link`}
            readOnly
            value={link.url}
            className="mt-2 block w-full rounded border border-slate-400 bg-white px-2 py-1 font-mono text-sm"
            onFocus={(e) => e.currentTarget.select()}
          />
        </div>
      )}
      {resetLink.error && <ErrorNotice error={resetLink.error} title="No reset link was made." />}
      {users.isPending && <p role="status">Loading users…</p>}
      {users.isError && <ErrorNotice error={users.error} title="Users could not be loaded." />}
      {users.data && users.data.items.length === 0 && (
        <p className="text-slate-600">No users match.</p>
      )}
      {users.data && users.data.items.length > 0 && (
        <ResponsiveTable
          label="Users table"
          className="min-[481px]:min-w-[34rem]"
          busy={users.isFetching}
          rows={users.data.items}
          rowKey={(user) => user.id}
          rowProps={(user) => ({ "data-testid": "user-row", "data-username": user.username })}
          columns={[
            {
              header: "Username",
              className: "font-medium break-all",
              cell: (user) => (
                <>
                  {user.username}
                  {user.id === currentUserId && (
                    <span className="ml-1 text-xs text-slate-600">(you)</span>
                  )}
                </>
              ),
            },
            {
              header: "Role",
              cell: (user) => (
                <Select
                  id={`${ids}-role-${user.id}`}
                  label={`Role of ${user.username}`}
                  hideLabel
                  compact
                  value={user.role}
                  onChange={(e) => {
                    update.reset();
                    setPending({ user, change: { role: e.target.value as Role } });
                  }}
                >
                  <option value="USER">User</option>
                  <option value="ADMIN">Admin</option>
                </Select>
              ),
            },
            { header: "Status", cell: (user) => (user.disabled ? "Disabled" : "Active") },
            { header: "Tasks", cell: (user) => user.taskCount },
            {
              header: "Two-factor",
              cell: (user) => (
                <span data-testid="user-two-factor">{user.twoFactor ? "On" : "Off"}</span>
              ),
            },
            {
              header: "Actions",
              hideHeader: true,
              cell: (user) => (
                <div className="flex flex-wrap gap-2">
                  {user.twoFactor && user.id !== currentUserId && (
                    <Button
                      variant="secondary"
                      aria-label={`Reset two-factor of ${user.username}`}
                      onClick={() => {
                        reset.reset();
                        setResetting(user);
                      }}
                    >
                      Reset two-factor
                    </Button>
                  )}
                  {!user.disabled && (
                    <Button
                      variant="secondary"
                      aria-label={`Reset link for ${user.username}`}
                      disabled={resetLink.isPending}
                      onClick={() =>
                        resetLink.mutate(
                          { id: user.id },
                          {
                            onSuccess: (made) => setLink({ username: user.username, ...made }),
                          },
                        )
                      }
                    >
                      Reset link
                    </Button>
                  )}
                  {user.id !== currentUserId && (
                    <Button
                      variant="secondary"
                      aria-label={`${user.disabled ? "Enable" : "Disable"} ${user.username}`}
                      onClick={() => {
                        update.reset();
                        setPending({ user, change: { disabled: !user.disabled } });
                      }}
                    >
                      {user.disabled ? "Enable" : "Disable"}
                    </Button>
                  )}
                </div>
              ),
            },
          ]}
        />
      )}
      {users.data && users.data.total > 0 && (
        <Pagination
          page={page}
          totalPages={users.data.totalPages}
          total={users.data.total}
          noun="users"
          onPage={setPage}
        />
      )}
      <ConfirmDialog
        open={pending !== null}
        title={text?.title ?? ""}
        message={<p>{text?.message}</p>}
        confirmLabel={text?.confirm ?? "Confirm"}
        danger={pending !== null && "disabled" in pending.change && pending.change.disabled}
        pending={update.isPending}
        error={update.error}
        onConfirm={() => pending && update.mutate({ id: pending.user.id, ...pending.change })}
        onCancel={() => setPending(null)}
      />
      <ConfirmDialog
        open={resetting !== null}
        title="Reset this user's second factors?"
        message={
          <p>
            {resetting?.username}&apos;s authenticator app, recovery codes and passkeys are removed
            and they are signed out everywhere. They can then sign in with their password alone.
          </p>
        }
        confirmLabel="Reset two-factor"
        pending={reset.isPending}
        error={reset.error}
        onConfirm={() => resetting && reset.mutate({ id: resetting.id })}
        onCancel={() => setResetting(null)}
      />
    </section>
  );
}

function AuditPanel({ initialData }: { initialData: AuditList | null }) {
  const trpc = useTRPC();
  const ids = useId();
  const [action, setAction] = useState("");
  const [userId, setUserId] = useState("");
  const [page, setPage] = useState(1);
  // Every user for the filter (the first 100: a filter list, not the users table).
  const everyone = useQuery(trpc.admin.users.list.queryOptions({ page: 1, pageSize: 100 }));
  const input = {
    page,
    pageSize: AUDIT_PAGE_SIZE,
    ...(action ? { action } : {}),
    ...(userId ? { userId } : {}),
  };
  const audit = useQuery({
    ...trpc.admin.audit.list.queryOptions(input),
    placeholderData: keepPreviousData,
    initialData: page === 1 && !action && !userId && initialData ? initialData : undefined,
  });

  return (
    <section
      aria-labelledby={`${ids}-audit`}
      className="rounded-lg border border-slate-200 bg-white p-4"
    >
      <h2 id={`${ids}-audit`} className="mb-3 text-lg font-semibold">
        Audit log
      </h2>
      <div className="mb-3 flex flex-wrap gap-4">
        <Select
          id={`${ids}-action`}
          label="Action"
          compact
          value={action}
          onChange={(e) => {
            setAction(e.target.value);
            setPage(1);
          }}
        >
          <option value="">All actions</option>
          {AUDIT_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </Select>
        <Select
          id={`${ids}-user`}
          label="User"
          compact
          value={userId}
          onChange={(e) => {
            setUserId(e.target.value);
            setPage(1);
          }}
        >
          <option value="">All users</option>
          {everyone.data?.items.map((u) => (
            <option key={u.id} value={u.id}>
              {u.username}
            </option>
          ))}
        </Select>
      </div>
      {audit.isPending && <p role="status">Loading the audit log…</p>}
      {audit.isError && (
        <ErrorNotice error={audit.error} title="The audit log could not be loaded." />
      )}
      {audit.data && audit.data.items.length === 0 && (
        <p className="text-slate-600">No events match.</p>
      )}
      {audit.data && audit.data.items.length > 0 && (
        <ResponsiveTable
          label="Audit log table"
          className="min-[481px]:min-w-[40rem]"
          busy={audit.isFetching}
          testId="audit-table"
          rows={audit.data.items}
          rowKey={(event) => event.id}
          rowProps={() => ({ "data-testid": "audit-row" })}
          columns={[
            {
              header: "Time",
              className: "min-[481px]:whitespace-nowrap",
              cell: (event) => <LocalTime iso={event.createdAt} />,
            },
            // Actions are short dotted words: kept whole. Names and ids wrap only where they must.
            {
              header: "Action",
              className: "min-[481px]:whitespace-nowrap",
              cell: (event) => event.action,
            },
            {
              header: "Actor",
              className: "wrap-anywhere",
              title: (event) => event.actorId ?? undefined,
              cell: (event) => event.actorUsername ?? event.actorId ?? "—",
            },
            {
              header: "Target",
              className: "wrap-anywhere",
              title: (event) => event.target ?? undefined,
              cell: (event) => event.targetUsername ?? event.target ?? "—",
            },
            { header: "IP", cell: (event) => event.ip ?? "—" },
            {
              header: "Request id",
              className: "font-mono text-xs break-all",
              cell: (event) => event.requestId ?? "—",
            },
          ]}
        />
      )}
      {audit.data && audit.data.total > 0 && (
        <Pagination
          page={page}
          totalPages={audit.data.totalPages}
          total={audit.data.total}
          noun="events"
          onPage={setPage}
        />
      )}
    </section>
  );
}
