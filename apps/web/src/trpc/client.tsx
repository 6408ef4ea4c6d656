"use client";
// The browser's tRPC client: React Query hooks typed by AppRouter. Only types cross
// from @taskfort/api into this bundle, plus the client-safe batch limit. Pages put the provider
// where their data-using parts are (AppShell, AuthCard, the task list's deferred part), so a
// page's first load carries React Query only if that page needs it at once; in the browser
// they all share one cache, kept across client-side navigations.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import type { AppRouter } from "@taskfort/api";
import { MAX_BATCH_SIZE } from "@taskfort/api/limits/client";
import { SessionWatch } from "@/components/session-watch";
import { throttledFor } from "@/lib/errors";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // A throttled read retries by itself once the server's wait is over; others as React Query does.
        retry: (failures, error) => (throttledFor(error) !== null ? failures < 5 : failures < 3),
        retryDelay: (attempt, error) => {
          const wait = throttledFor(error);
          return wait !== null ? (wait + 1) * 1000 : Math.min(1000 * 2 ** attempt, 30_000);
        },
      },
    },
  });
}

function makeTRPCClient() {
  return createTRPCClient<AppRouter>({
    // Same origin only (relative URL): the session cookie never goes anywhere else. The server rejects bigger batches.
    links: [httpBatchLink({ url: "/api/trpc", maxItems: MAX_BATCH_SIZE })],
  });
}

let browserClients:
  { queryClient: QueryClient; trpcClient: ReturnType<typeof makeTRPCClient> } | undefined;

/** On the server a pair per provider (no cache shared between requests); in the browser one pair for the page's life. */
function clients() {
  if (typeof window === "undefined")
    return { queryClient: makeQueryClient(), trpcClient: makeTRPCClient() };
  return (browserClients ??= { queryClient: makeQueryClient(), trpcClient: makeTRPCClient() });
}

/** `watchSession`: on signed-in pages, an UNAUTHORIZED answer sends the person to sign in (SessionWatch). */
export function TRPCReactProvider({
  children,
  watchSession = false,
}: {
  children: ReactNode;
  watchSession?: boolean;
}) {
  const [{ queryClient, trpcClient }] = useState(clients);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {watchSession && <SessionWatch />}
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
