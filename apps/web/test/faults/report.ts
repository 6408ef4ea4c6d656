// Each fault prints one line with the bound it held, and appends it to a summary file that the
// suite's global teardown prints again at the end (and leaves for CI to keep).
import { appendFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { webRoot } from "../server";

export const SUMMARY_FILE = join(webRoot, "test-results", "faults.md");

export function reportBound(line: string): void {
  console.log(`[faults] ${line}`);
  mkdirSync(dirname(SUMMARY_FILE), { recursive: true });
  appendFileSync(SUMMARY_FILE, `- ${line}\n`);
}
