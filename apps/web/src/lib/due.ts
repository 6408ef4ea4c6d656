// Due dates as people say them, in the viewer's own time zone: "today 09:00",
// "tomorrow 18:30", "Fri 09:00", "3 days overdue". Client-side only (the server does not
// know the viewer's zone), so callers render it after mount.
export interface DueText {
  text: string;
  /** Open and past due: shown in red. */
  overdue: boolean;
}

/** Calendar day number of `date` in `timeZone` (days since the epoch there). */
function dayIndex(date: Date, timeZone: string | undefined): number {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(date);
  return Math.floor(Date.parse(`${parts}T00:00:00Z`) / 86_400_000);
}

export function relativeDue(
  iso: string,
  { now, completed = false, timeZone }: { now: Date; completed?: boolean; timeZone?: string },
): DueText {
  const due = new Date(iso);
  const days = dayIndex(due, timeZone) - dayIndex(now, timeZone);
  const time = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(due);
  if (!completed && due.getTime() < now.getTime()) {
    if (days >= 0) return { text: `overdue since ${time}`, overdue: true };
    return { text: days === -1 ? "1 day overdue" : `${-days} days overdue`, overdue: true };
  }
  if (days === 0) return { text: `today ${time}`, overdue: false };
  if (days === 1) return { text: `tomorrow ${time}`, overdue: false };
  if (days === -1) return { text: `yesterday ${time}`, overdue: false };
  if (days > 1 && days < 7) {
    const weekday = new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "short" }).format(due);
    return { text: `${weekday} ${time}`, overdue: false };
  }
  const sameYear =
    new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric" }).format(due) ===
    new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric" }).format(now);
  const date = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    day: "numeric",
    month: "short",
    ...(sameYear ? {} : { year: "numeric" }),
  }).format(due);
  return { text: date, overdue: false };
}

/** A datetime-local input's value ("2026-12-01T09:00", the viewer's local time) as ISO 8601 UTC. */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** "work, deep focus ,," → ["work", "deep focus"]. */
export function labelsFromText(text: string): string[] {
  return text
    .split(",")
    .map((label) => label.trim())
    .filter(Boolean);
}

/** The due-date filters next to "overdue": today, and the 7 days after today. */
export const DUE_WINDOWS = ["today", "upcoming"] as const;
export type DueWindow = (typeof DUE_WINDOWS)[number];

/**
 * [after, before) for a due filter, on the viewer's own calendar (the Date constructor works in
 * the browser's time zone, and day arithmetic through it keeps midnights right across DST):
 * "today" is local midnight to the next; "upcoming" the 7 days after today, so the two never overlap.
 */
export function dueWindow(window: DueWindow, now: Date): { after: Date; before: Date } {
  const day = (offset: number) =>
    new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset);
  return window === "today" ? { after: day(0), before: day(1) } : { after: day(1), before: day(8) };
}

/** A moment as the viewer reads it, in their zone: "27 Nov 2026, 17:50". */
export function formatLocalTime(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(iso));
}
