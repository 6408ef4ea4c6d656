"use client";
// "Session expired": any query or mutation answered UNAUTHORIZED (signed out elsewhere,
// session ended, account disabled) sends the person to sign in, and back here afterwards.
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { isUnauthorized } from "@/lib/errors";

export function SessionWatch() {
  const queryClient = useQueryClient();
  const router = useRouter();
  useEffect(() => {
    let sent = false;
    const onError = (error: unknown) => {
      if (sent || !isUnauthorized(error)) return;
      sent = true;
      // The browser keeps one cache for the page's life: nothing of this account may be shown
      // to whoever signs in next in this tab.
      queryClient.clear();
      const back = window.location.pathname + window.location.search;
      router.replace(`/login?expired=1&callbackUrl=${encodeURIComponent(back)}`);
    };
    const unsubQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === "updated" && event.action.type === "error") onError(event.action.error);
    });
    const unsubMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === "updated" && event.action.type === "error") onError(event.action.error);
    });
    return () => {
      unsubQueries();
      unsubMutations();
    };
  }, [queryClient, router]);
  return null;
}
