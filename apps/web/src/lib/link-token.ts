"use client";
// Reset and verification links carry their secret in the URL fragment (#token=…), which the
// browser never sends to a server; the page reads it here and posts it.
import { useSyncExternalStore } from "react";

function readToken(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get("token") ?? "";
}

const subscribe = (onChange: () => void) => {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
};

/** The link's token, "" when there is none, null during server rendering. */
export function useLinkToken(): string | null {
  return useSyncExternalStore(subscribe, readToken, () => null);
}
