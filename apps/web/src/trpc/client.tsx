"use client";
// The browser's tRPC client: React Query hooks typed by AppRouter. Only types cross
// from @taskfort/api into this bundle, plus the client-safe batch limit.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import type { AppRouter } from "@taskfort/api";
import { MAX_BATCH_SIZE } from "@taskfort/api/limits/client";
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

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      // Same origin only (relative URL): the session cookie never goes anywhere else. The server rejects bigger batches.
      links: [httpBatchLink({ url: "/api/trpc", maxItems: MAX_BATCH_SIZE })],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
