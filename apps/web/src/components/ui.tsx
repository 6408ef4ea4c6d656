// Small building blocks with the app's look and its accessibility rules built in:
// every input has a label, errors are tied to their field (aria-describedby) and
// announced (aria-live), and every control shows a visible keyboard focus ring.
import type {
  ButtonHTMLAttributes,
  InputHTMLAttributes,
  SelectHTMLAttributes,
  ReactNode,
  TextareaHTMLAttributes,
} from "react";
import { describeError, type ErrorInfo } from "@/lib/errors";

export const focusRing =
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700";
const inputBase = `block w-full rounded-md border bg-white px-3 py-2 text-base text-slate-900 placeholder:text-slate-500 ${focusRing}`;

type Variant = "primary" | "secondary" | "danger" | "ghost";
const variants: Record<Variant, string> = {
  primary: "bg-blue-700 text-white hover:bg-blue-800 disabled:bg-blue-400",
  secondary:
    "border border-slate-400 bg-white text-slate-900 hover:bg-slate-100 disabled:text-slate-500",
  danger: "bg-red-700 text-white hover:bg-red-800 disabled:bg-red-400",
  ghost: "text-blue-800 underline-offset-2 hover:underline disabled:text-slate-500",
};

export function Button({
  variant = "primary",
  className = "",
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return (
    <button
      type="button"
      {...props}
      className={`inline-flex min-h-10 items-center justify-center gap-2 rounded-md px-4 py-2 text-sm font-medium disabled:cursor-not-allowed ${focusRing} ${variants[variant]} ${className}`}
    />
  );
}

function FieldError({ id, error }: { id: string; error?: string }) {
  // Always rendered, so screen readers announce the message when it appears.
  return (
    <p id={`${id}-error`} aria-live="polite" className="mt-1 min-h-5 text-sm text-red-700">
      {error}
    </p>
  );
}

type FieldProps = { id: string; label: string; error?: string; hint?: string };

export function TextField({
  id,
  label,
  error,
  hint,
  className = "",
  ...props
}: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1 block text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        {...props}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-error${hint ? ` ${id}-hint` : ""}`}
        className={`${inputBase} ${error ? "border-red-700" : "border-slate-400"}`}
      />
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-sm text-slate-600">
          {hint}
        </p>
      )}
      <FieldError id={id} error={error} />
    </div>
  );
}

export function SelectField({
  id,
  label,
  error,
  className = "",
  children,
  ...props
}: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1 block text-sm font-medium">
        {label}
      </label>
      <select
        id={id}
        {...props}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-error`}
        className={`${inputBase} bg-white ${error ? "border-red-700" : "border-slate-400"}`}
      >
        {children}
      </select>
      <FieldError id={id} error={error} />
    </div>
  );
}

export function TextAreaField({
  id,
  label,
  error,
  className = "",
  ...props
}: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1 block text-sm font-medium">
        {label}
      </label>
      <textarea
        id={id}
        rows={3}
        {...props}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-error`}
        className={`${inputBase} ${error ? "border-red-700" : "border-slate-400"}`}
      />
      <FieldError id={id} error={error} />
    </div>
  );
}

/**
 * A failure as people should read it: the server's message (the rate limit's includes its
 * wait time) and, for anything unexpected, the request id to quote to support.
 */
export function ErrorNotice({
  error,
  title,
  children,
}: {
  error: unknown;
  title?: string;
  children?: ReactNode;
}) {
  if (!error) return null;
  const info = describeError(error);
  const showRequestId =
    info.requestId && info.code !== "BAD_REQUEST" && info.code !== "TOO_MANY_REQUESTS";
  return (
    <div
      role="alert"
      className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900"
    >
      {title && <p className="font-semibold">{title}</p>}
      <p data-testid="error-message">{info.message}</p>
      {showRequestId && (
        <p className="mt-1">
          Request id: <code className="break-all">{info.requestId}</code>
        </p>
      )}
      {children}
    </div>
  );
}

/** A form's own failure line (not a field's): always in the DOM, so its message is announced when it appears. */
export function FormError({ error, id }: { error: ErrorInfo | null; id?: string }) {
  const showRequestId =
    error?.requestId && !["BAD_REQUEST", "UNAUTHORIZED", "TOO_MANY_REQUESTS"].includes(error.code);
  return (
    <div id={id} role="alert" className="text-sm text-red-700">
      {error && (
        <p className="mb-2">
          {error.message}
          {showRequestId && <> (request id {error.requestId})</>}
        </p>
      )}
    </div>
  );
}

export function Pagination({
  page,
  totalPages,
  total,
  noun,
  onPage,
}: {
  page: number;
  totalPages: number;
  total: number;
  noun: string;
  onPage: (page: number) => void;
}) {
  return (
    <nav
      aria-label={`${noun} pages`}
      className="mt-4 flex flex-wrap items-center justify-between gap-2 text-sm"
    >
      <p aria-live="polite" data-testid="pagination-summary">
        Page {Math.min(page, Math.max(totalPages, 1))} of {Math.max(totalPages, 1)} · {total}{" "}
        {total === 1 ? noun.replace(/s$/, "") : noun}
      </p>
      <div className="flex gap-2">
        <Button variant="secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          Previous page
        </Button>
        <Button variant="secondary" disabled={page >= totalPages} onClick={() => onPage(page + 1)}>
          Next page
        </Button>
      </div>
    </nav>
  );
}

/** A column of a ResponsiveTable: its heading, and what each row shows in it. */
export interface TableColumn<Row> {
  /** The heading; on a phone it also labels the value on each card. */
  header: string;
  /** The heading is for screen readers only (an actions column), and cards show no label. */
  hideHeader?: boolean;
  cell: (row: Row) => ReactNode;
  /** Extra classes for this column's cells. */
  className?: string;
  /** A tooltip for a cell (e.g. the id behind a name). */
  title?: (row: Row) => string | undefined;
}

// Card layout below 481 px: rows become bordered cards, each cell a "heading: value" line
// (the heading drawn from data-label), and the header row is left to screen readers.
const cardRow =
  "max-[480px]:mb-3 max-[480px]:block max-[480px]:rounded-md max-[480px]:border max-[480px]:border-slate-300 max-[480px]:p-3";
// An empty cell (an action that does not apply to this row) leaves no blank line on a card.
const cardCell =
  "max-[480px]:flex max-[480px]:gap-3 max-[480px]:py-1 max-[480px]:pr-0 max-[480px]:break-words max-[480px]:has-[>div:empty]:hidden";
// The label keeps the card's own font, whatever the column's value uses (e.g. monospace ids).
const cardLabel =
  "max-[480px]:before:w-24 max-[480px]:before:shrink-0 max-[480px]:before:font-sans max-[480px]:before:text-sm max-[480px]:before:font-medium max-[480px]:before:content-[attr(data-label)]";

/**
 * The app's one data table: a real <table> on wider screens (scrolling sideways inside a named,
 * focusable region if it must), stacked cards at phone widths (≤ 480 px), so nothing is cut off
 * at 360 px. The explicit table roles keep the semantics that some browsers drop once table
 * parts are no longer displayed as a table.
 */
export function ResponsiveTable<Row>({
  label,
  columns,
  rows,
  rowKey,
  rowProps,
  className = "",
  busy,
  testId,
}: {
  label: string;
  columns: TableColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Attributes for each row's <tr> (data-testid and the like). */
  rowProps?: (row: Row) => Record<`data-${string}`, string>;
  /** Extra table classes, e.g. a minimum width above phone size: "min-[481px]:min-w-[36rem]". */
  className?: string;
  busy?: boolean;
  testId?: string;
}) {
  return (
    <div
      role="region"
      aria-label={label}
      tabIndex={0}
      className={`relative overflow-x-auto ${focusRing}`}
    >
      <table
        role="table"
        className={`w-full text-left text-sm max-[480px]:block ${className}`}
        aria-busy={busy}
        data-testid={testId}
      >
        <thead role="rowgroup" className="max-[480px]:sr-only">
          <tr role="row" className="border-b border-slate-300">
            {columns.map((column) => (
              <th key={column.header} role="columnheader" scope="col" className="py-2 pr-3">
                {column.hideHeader ? (
                  <span className="sr-only">{column.header}</span>
                ) : (
                  column.header
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup" className="max-[480px]:block">
          {rows.map((row) => (
            <tr
              key={rowKey(row)}
              role="row"
              className={`border-b border-slate-200 ${cardRow}`}
              {...rowProps?.(row)}
            >
              {columns.map((column) => (
                <td
                  key={column.header}
                  role="cell"
                  data-label={column.hideHeader ? undefined : column.header}
                  title={column.title?.(row)}
                  className={`py-2 pr-3 align-middle ${cardCell} ${column.hideHeader ? "" : cardLabel} ${column.className ?? ""}`}
                >
                  <div className="min-w-0">{column.cell(row)}</div>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
