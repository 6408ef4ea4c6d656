import type { ReactNode } from "react";
import { Button, focusRing } from "./button";
import { cn } from "./cn";

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
  className,
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
      className={cn("relative overflow-x-auto", focusRing)}
    >
      <table
        role="table"
        className={cn("w-full text-left text-sm max-[480px]:block", className)}
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
              className={cn("border-b border-slate-200", cardRow)}
              {...rowProps?.(row)}
            >
              {columns.map((column) => (
                <td
                  key={column.header}
                  role="cell"
                  data-label={column.hideHeader ? undefined : column.header}
                  title={column.title?.(row)}
                  className={cn(
                    "py-2 pr-3 align-middle",
                    cardCell,
                    !column.hideHeader && cardLabel,
                    column.className,
                  )}
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
