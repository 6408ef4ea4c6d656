/** The events that say someone is there: the deferred parts of a page (components/deferred.tsx) and the time zone cookie (lib/viewer-time.ts) wait for the first. */
export const PRESENCE_EVENTS = [
  "pointermove",
  "pointerdown",
  "touchstart",
  "keydown",
  "focusin",
] as const;
