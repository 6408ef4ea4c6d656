"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/client";

/** Calls the public health.ping procedure: proof that the browser → tRPC → server path works. */
export function ApiStatus() {
  const trpc = useTRPC();
  const ping = useQuery(trpc.health.ping.queryOptions());
  return (
    <p className="mt-6 rounded border border-slate-200 bg-white p-4" data-testid="api-status" aria-live="polite">
      {ping.isPending && "Checking the API…"}
      {ping.isError && `API error: ${ping.error.message}`}
      {ping.isSuccess && `API: ${ping.data.pong ? "pong" : "?"} at ${ping.data.time}`}
    </p>
  );
}
