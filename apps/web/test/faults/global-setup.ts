// The summary of a fault run: emptied before it, printed after it.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { SUMMARY_FILE } from "./report";

export function setup(): () => void {
  rmSync(SUMMARY_FILE, { force: true });
  return () => {
    if (existsSync(SUMMARY_FILE))
      console.log(
        `\nFault suite: the bounds that held (${SUMMARY_FILE})\n${readFileSync(SUMMARY_FILE, "utf8")}`,
      );
  };
}
