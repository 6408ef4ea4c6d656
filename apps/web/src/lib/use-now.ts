"use client";
// The current time on the client only: null during server rendering and hydration, so text
// that depends on the viewer's clock and time zone never mismatches the server's HTML (for
// text the server can write too, see components/viewer-clock.tsx). Ticks once a minute, on one
// timer shared by every caller.
import { useSyncExternalStore } from "react";

const MINUTE = 60_000;
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(onChange: () => void) {
  listeners.add(onChange);
  timer ??= setInterval(() => {
    for (const listener of listeners) listener();
  }, MINUTE);
  return () => {
    listeners.delete(onChange);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The same number all minute long, so React sees a change only when the minute turns. */
function snapshot(): number {
  return Math.floor(Date.now() / MINUTE);
}

export function useNow(): Date | null {
  const minute = useSyncExternalStore(subscribe, snapshot, () => 0);
  return minute ? new Date(minute * MINUTE) : null;
}
