// Labelled inputs with the app's accessibility rules built in: every input has a label, hints
// and errors are tied to it (aria-describedby), errors are announced (an always-present
// aria-live line), and every control shows a visible keyboard focus ring. The form fields take
// react-hook-form's register() props (ref included) through `useZodForm().field(name)`.
import type { ComponentProps, ReactNode } from "react";
import { focusRing } from "./button";
import { cn } from "./cn";

const inputFrame = cn(
  "block rounded-md border bg-white text-slate-900 placeholder:text-slate-500",
  focusRing,
);
const inputBase = cn(inputFrame, "w-full px-3 py-2 text-base");
const compactInput = cn(inputFrame, "w-auto px-2 py-1 text-sm");
const labelClass = "mb-1 block text-sm font-medium";

function FieldError({ id, error }: { id: string; error?: string }) {
  // Always rendered, so screen readers announce the message when it appears.
  return (
    <p id={`${id}-error`} aria-live="polite" className="mt-1 min-h-5 text-sm text-red-700">
      {error}
    </p>
  );
}

type FieldProps = {
  id: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  /** The label is for screen readers only (the row or group around the field names it). */
  hideLabel?: boolean;
  /** Shown under the hint, outside the field's description (e.g. suggestions). */
  extra?: ReactNode;
};

type Shell = FieldProps & { className?: string };

/** What every form field shares: the label above, the hint and the error line below. */
function Field({
  id,
  label,
  error,
  hint,
  hideLabel,
  extra,
  className,
  children,
}: Shell & { children: ReactNode }) {
  return (
    <div className={className}>
      <label htmlFor={id} className={hideLabel ? "sr-only" : labelClass}>
        {label}
      </label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-sm text-slate-600">
          {hint}
        </p>
      )}
      {extra}
      <FieldError id={id} error={error} />
    </div>
  );
}

/**
 * A field's props split in two: the frame's (label, hint, error line) and the control's, with
 * the control's id, validity, description and look added.
 */
function splitField<P extends Shell>(props: P) {
  const { id, label, error, hint, hideLabel, extra, className, ...rest } = props;
  const control = {
    ...rest,
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": `${id}-error${hint ? ` ${id}-hint` : ""}`,
    className: cn(inputBase, error ? "border-red-700" : "border-slate-400"),
  };
  return [{ id, label, error, hint, hideLabel, extra, className }, control] as const;
}

export function TextField(props: FieldProps & ComponentProps<"input">) {
  const [shell, control] = splitField(props);
  return (
    <Field {...shell}>
      <input {...control} />
    </Field>
  );
}

/** A date and time: the browser's own picker (keyboard, screen readers and locale included). */
export function DatePicker(props: FieldProps & Omit<ComponentProps<"input">, "type">) {
  return <TextField {...props} type="datetime-local" />;
}

export function SelectField(props: FieldProps & ComponentProps<"select">) {
  const [shell, control] = splitField(props);
  return (
    <Field {...shell}>
      <select {...control} />
    </Field>
  );
}

export function TextAreaField(props: FieldProps & ComponentProps<"textarea">) {
  const [shell, control] = splitField(props);
  return (
    <Field {...shell}>
      <textarea rows={3} {...control} />
    </Field>
  );
}

/**
 * A labelled select that acts at once (a filter, a role): no validation, so no error line.
 * `hideLabel` keeps the label for screen readers only (inside a table row that names it);
 * `compact` is the smaller size for table cells.
 */
export function Select({
  id,
  label,
  hideLabel,
  compact,
  className,
  children,
  ...props
}: {
  id: string;
  label: string;
  hideLabel?: boolean;
  compact?: boolean;
} & ComponentProps<"select">) {
  return (
    <div className={className}>
      <label htmlFor={id} className={hideLabel ? "sr-only" : labelClass}>
        {label}
      </label>
      <select
        id={id}
        {...props}
        className={cn(compact ? compactInput : inputBase, "border-slate-400")}
      >
        {children}
      </select>
    </div>
  );
}

/** A labelled search box that filters a view. */
export function SearchField({
  id,
  label,
  className,
  ...props
}: { id: string; label: string } & Omit<ComponentProps<"input">, "type">) {
  return (
    <div className={className}>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <input id={id} type="search" {...props} className={cn(inputBase, "border-slate-400")} />
    </div>
  );
}

/** "work, errands" → ["work", "errands"]: how the labels input is read. */
const splitLabels = (text: string) =>
  text
    .split(",")
    .map((label) => label.trim())
    .filter(Boolean);

/**
 * Labels as typed text ("work, errands"), with the user's existing labels as toggle buttons
 * under it: typing stays the keyboard path (the buttons come after the field in Tab order), a
 * click or Enter on one adds or removes that label.
 */
export function LabelPicker({
  suggestions,
  value,
  onValueChange,
  ...props
}: FieldProps &
  ComponentProps<"input"> & {
    /** The user's labels. */
    suggestions: readonly string[];
    /** The field's current text. */
    value: string;
    onValueChange: (text: string) => void;
  }) {
  const chosen = splitLabels(value);
  const has = (label: string) => chosen.some((c) => c.toLowerCase() === label.toLowerCase());
  const toggle = (label: string) =>
    onValueChange(
      (has(label)
        ? chosen.filter((c) => c.toLowerCase() !== label.toLowerCase())
        : [...chosen, label]
      ).join(", "),
    );
  return (
    <TextField
      {...props}
      extra={
        suggestions.length > 0 && (
          <div
            role="group"
            aria-label="Your labels"
            className="mt-1.5 flex flex-wrap gap-1.5"
            data-testid="label-suggestions"
          >
            {suggestions.map((label) => (
              <button
                key={label}
                type="button"
                aria-pressed={has(label)}
                onClick={() => toggle(label)}
                className={cn(
                  "rounded-full border px-2.5 py-0.5 text-xs",
                  has(label)
                    ? "border-blue-700 bg-blue-700 text-white"
                    : "border-slate-400 bg-white text-slate-800 hover:bg-slate-100",
                  focusRing,
                )}
              >
                {label}
              </button>
            ))}
          </div>
        )
      }
    />
  );
}
