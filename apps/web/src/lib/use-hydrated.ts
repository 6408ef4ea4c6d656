"use client";
import { useSyncExternalStore } from "react";

/** Nothing to subscribe to: useSyncExternalStore is used only for its server/client snapshot split. */
const noSubscribe = () => () => {};

/** False in the server render and while hydrating it, true once React owns the page (forms mark `data-ready` with it). */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscribe,
    () => true,
    () => false,
  );
}
