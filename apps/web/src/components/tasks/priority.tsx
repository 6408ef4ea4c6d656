// The priority vocabulary as the UI shows it, in one place: the words (derived from
// TASK_PRIORITIES), the <option>s every priority select offers, and the badge on a task row.
import { TASK_PRIORITIES } from "@taskfort/api/schemas";

/** "none" → "None": the word a person reads for each stored value. */
export const PRIORITY_LABELS = TASK_PRIORITIES.map(
  (name) => `${name[0]?.toUpperCase() ?? ""}${name.slice(1)}`,
);

const BADGE_STYLES = [
  "",
  "bg-sky-100 text-sky-900",
  "bg-amber-100 text-amber-900",
  "bg-red-100 text-red-900",
];

/** The <option>s of a priority select; the value is the stored number as text. */
export function PriorityOptions() {
  return PRIORITY_LABELS.map((label, value) => (
    <option key={label} value={String(value)}>
      {label}
    </option>
  ));
}

/** "high priority" on a coloured badge; nothing for priority 0. */
export function PriorityBadge({ priority }: { priority: number }) {
  if (priority <= 0) return null;
  return (
    <span
      className={`rounded px-1.5 py-0.5 font-medium ${BADGE_STYLES[priority] ?? ""}`}
      data-testid="task-priority"
    >
      {TASK_PRIORITIES[priority]} priority
    </span>
  );
}
