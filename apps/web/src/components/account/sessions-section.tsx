"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { formatTime } from "@/lib/errors";
import { useTRPC } from "@/trpc/client";
import { Button, ErrorNotice, TableScroller } from "../ui";
import { Section } from "./section";

export function SessionsSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.account.sessions.list.queryOptions());
  const refresh = () =>
    void queryClient.invalidateQueries({ queryKey: trpc.account.sessions.list.queryKey() });
  const revoke = useMutation(trpc.account.sessions.revoke.mutationOptions({ onSuccess: refresh }));
  const revokeOthers = useMutation(
    trpc.account.sessions.revokeOthers.mutationOptions({ onSuccess: refresh }),
  );
  const sessions = list.data ?? [];
  return (
    <Section title="Sessions" testId="sessions-section">
      <p className="mb-3 text-sm text-slate-700">
        Browsers signed in to this account. Ending a session signs that browser out at once.
      </p>
      <ErrorNotice error={list.error ?? revoke.error ?? revokeOthers.error} />
      <TableScroller label="Sessions">
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="border-b border-slate-200">
              <th scope="col" className="py-2 pr-3">
                Browser
              </th>
              <th scope="col" className="py-2 pr-3">
                Address
              </th>
              <th scope="col" className="py-2 pr-3">
                Signed in
              </th>
              <th scope="col" className="py-2 pr-3">
                Last seen
              </th>
              <th scope="col" className="py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id} className="border-b border-slate-100" data-testid="session-row">
                <td className="max-w-64 truncate py-2 pr-3" title={s.userAgent ?? undefined}>
                  {s.userAgent ?? "unknown"}
                  {s.current && (
                    <span className="ml-2 rounded bg-blue-100 px-2 py-0.5 text-xs font-semibold text-blue-900">
                      this browser
                    </span>
                  )}
                </td>
                <td className="py-2 pr-3">{s.ip ?? "unknown"}</td>
                <td className="py-2 pr-3">{formatTime(s.createdAt)}</td>
                <td className="py-2 pr-3">{formatTime(s.lastSeenAt)}</td>
                <td className="py-2 text-right">
                  {!s.current && (
                    <Button
                      variant="secondary"
                      disabled={revoke.isPending}
                      onClick={() => revoke.mutate({ id: s.id })}
                      aria-label={`End session last seen ${formatTime(s.lastSeenAt)}`}
                    >
                      End
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroller>
      {sessions.length > 1 && (
        <Button
          variant="secondary"
          className="mt-3"
          disabled={revokeOthers.isPending}
          onClick={() => revokeOthers.mutate()}
        >
          End all other sessions
        </Button>
      )}
    </Section>
  );
}
