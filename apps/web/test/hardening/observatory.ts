// MDN HTTP Observatory against the local production build. The tool is not a project
// dependency (it pulls jsdom, fastify and pg-native, and its install script downloads a
// CA bundle): it is installed on demand, with --ignore-scripts, into a cache directory
// outside the workspace, and needs conf/hsts-preload.json, for which `{}` serves.
// Without TLS it always deducts "redirection" (-20) and "strict-transport-security" (-20);
// scoreWithoutTls() grades everything else.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const OBSERVATORY_VERSION = "1.4.8";
export const observatoryDir = join(tmpdir(), `taskfort-observatory-${OBSERVATORY_VERSION}`);
const pkgDir = join(observatoryDir, "node_modules/@mdn/mdn-http-observatory");
const bin = join(pkgDir, "bin/wrapper.js");

/** Tests that need https to pass at all. */
export const TLS_ONLY_TESTS = new Set(["redirection", "strict-transport-security"]);

const preload = join(pkgDir, "conf/hsts-preload.json");

export function observatoryInstalled(): boolean {
  return existsSync(bin) && existsSync(preload);
}

/** Installs the scanner into its cache directory (needs the npm registry once). */
export function installObservatory(): void {
  mkdirSync(observatoryDir, { recursive: true });
  writeFileSync(
    join(observatoryDir, "package.json"),
    JSON.stringify({ name: "taskfort-observatory", private: true }),
  );
  execFileSync(
    "npm",
    [
      "install",
      "--ignore-scripts",
      "--save-exact",
      "--no-audit",
      "--no-fund",
      `@mdn/mdn-http-observatory@${OBSERVATORY_VERSION}`,
    ],
    { cwd: observatoryDir, stdio: "inherit" },
  );
  // The scanner reads this file at start-up; its HSTS preload list does not matter over plain http.
  if (!existsSync(preload)) writeFileSync(preload, "{}");
}

export interface ObservatoryReport {
  scan: { grade: string; score: number; [key: string]: unknown };
  tests: Record<string, { pass: boolean; result: string; scoreModifier: number }>;
}

/** Scans host:port (plain http) and returns the tool's JSON report. */
export function scan(hostPort: string): ObservatoryReport {
  const out = execFileSync(process.execPath, [bin, hostPort], {
    cwd: observatoryDir,
    encoding: "utf8",
    timeout: 120_000,
  });
  return JSON.parse(out) as ObservatoryReport;
}

/** Observatory's own arithmetic (100 + modifiers; A+ from 100) over the tests that do not need TLS. */
export function scoreWithoutTls(report: ObservatoryReport): {
  score: number;
  grade: string;
  failing: string[];
} {
  const judged = Object.entries(report.tests).filter(([name]) => !TLS_ONLY_TESTS.has(name));
  const failing = judged.filter(([, t]) => !t.pass).map(([name, t]) => `${name}: ${t.result}`);
  const penalties = judged.reduce((sum, [, t]) => sum + Math.min(0, t.scoreModifier), 0);
  const bonuses = judged.reduce((sum, [, t]) => sum + Math.max(0, t.scoreModifier), 0);
  // Observatory grants bonuses only to a site already at 90 or above.
  const base = 100 + penalties;
  const score = base >= 90 ? base + bonuses : base;
  const grade = score >= 100 ? "A+" : score >= 90 ? "A" : score >= 85 ? "A-" : "below A-";
  return { score, grade, failing };
}
