// CSV for task export and import (RFC 4180: comma-separated, CRLF, fields with a comma,
// quote or line break quoted, quotes doubled).
//
// Formula injection: a spreadsheet runs a cell starting with = + - @ (or a tab / CR) as a
// formula, so a description like "=HYPERLINK(…)" would run when the export is opened.
// Such cells, and cells starting with a single quote, get a leading "'" (what spreadsheets
// show as plain text); import strips exactly one leading "'", so the round trip is exact.
import type { Task } from "../../schemas/task";

export const CSV_COLUMNS = [
  "title",
  "description",
  "completed",
  "dueAt",
  "priority",
  "labels",
  "createdAt",
  "id",
  "version",
  "updatedAt",
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Labels cannot contain ";" (letters, digits, spaces, - and _ only), so it separates them in one cell. */
export const CSV_LABEL_SEPARATOR = ";";

const RISKY_START = /^[=+\-@\t\r']/;

function cell(value: string): string {
  const safe = RISKY_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function tasksToCsv(tasks: readonly Task[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const task of tasks) {
    const values: Record<CsvColumn, string> = {
      title: task.title,
      description: task.description,
      completed: String(task.completed),
      dueAt: task.dueAt ?? "",
      priority: String(task.priority),
      labels: task.labels.join(CSV_LABEL_SEPARATOR),
      createdAt: task.createdAt,
      id: task.id,
      version: String(task.version),
      updatedAt: task.updatedAt,
    };
    lines.push(CSV_COLUMNS.map((column) => cell(values[column])).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}

export class CsvSyntaxError extends Error {}

/** Records of cells. Quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte-order mark is not part of the first header
  const endField = () => {
    record.push(field);
    field = "";
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        const next = text[i];
        if (next !== undefined && next !== "," && next !== "\r" && next !== "\n")
          throw new CsvSyntaxError(`Line ${records.length + 1}: text after a closing quote.`);
        continue;
      }
      field += ch;
      i += 1;
      continue;
    }
    if (ch === '"' && field === "") {
      quoted = true;
      i += 1;
    } else if (ch === ",") {
      endField();
      i += 1;
    } else if (ch === "\r" || ch === "\n") {
      endRecord();
      i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
    } else {
      field += ch;
      i += 1;
    }
  }
  if (quoted) throw new CsvSyntaxError(`Line ${records.length + 1}: a quoted field is not closed.`);
  if (field !== "" || record.length) endRecord();
  return records;
}

/** Undoes the export's formula guard (see the top of this file). */
export function uncell(value: string): string {
  return value.startsWith("'") ? value.slice(1) : value;
}
