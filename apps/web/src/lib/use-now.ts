"use client";
// The current time on the client only: null during server rendering and hydration, so text
// that depends on the viewer's clock and time zone (relative due dates) never mismatches
// the server's HTML. Ticks once a minute.
import { useSyncExternalStore } from "react";

const MINUTE = 60_000;
let current = 0;

function subscribe(onChange: () => void) {
  const timer = setInterval(() => {
    current = Math.floor(Date.now() / MINUTE);
    onChange();
  }, MINUTE);
  return () => clearInterval(timer);
}

function snapshot(): number {
  return current || (current = Math.floor(Date.now() / MINUTE));
}

export function useNow(): Date | null {
  const minute = useSyncExternalStore(subscribe, snapshot, () => 0);
  return minute ? new Date(minute * MINUTE) : null;
}
