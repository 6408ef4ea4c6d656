"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { formatTime } from "@/lib/errors";
import { useTRPC } from "@/trpc/client";
import { LocalTime } from "../local-time";
import { Button, ErrorNotice, ResponsiveTable } from "../ui";
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
      <ResponsiveTable
        label="Sessions"
        rows={sessions}
        rowKey={(s) => s.id}
        rowProps={() => ({ "data-testid": "session-row" })}
        columns={[
          {
            header: "Browser",
            className: "min-[481px]:[&>div]:max-w-64 min-[481px]:[&>div]:truncate",
            title: (s) => s.userAgent ?? undefined,
            cell: (s) => (
              <>
                {s.userAgent ?? "unknown"}
                {s.current && (
                  <span className="ml-2 rounded bg-blue-100 px-2 py-0.5 text-xs font-semibold whitespace-nowrap text-blue-900">
                    this browser
                  </span>
                )}
              </>
            ),
          },
          { header: "Address", cell: (s) => s.ip ?? "unknown" },
          { header: "Signed in", cell: (s) => <LocalTime iso={s.createdAt} /> },
          { header: "Last seen", cell: (s) => <LocalTime iso={s.lastSeenAt} /> },
          {
            header: "Actions",
            hideHeader: true,
            className: "min-[481px]:text-right",
            cell: (s) =>
              !s.current && (
                <Button
                  variant="secondary"
                  disabled={revoke.isPending}
                  onClick={() => revoke.mutate({ id: s.id })}
                  aria-label={`End session last seen ${formatTime(s.lastSeenAt)}`}
                >
                  End
                </Button>
              ),
          },
        ]}
      />
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
