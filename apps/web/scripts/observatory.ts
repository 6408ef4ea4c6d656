// `npx tsx apps/web/scripts/observatory.ts`: runs MDN HTTP Observatory against the
// production build (run `npm run build` first) on a fresh database and writes the report
// to docs/security/observatory-report.json. Needs the npm registry the first time (the
// scanner is installed into a cache directory, not the workspace). Exits 1 below A+ on
// what can be judged without TLS.
// `--install-only` installs the scanner and stops (.ci/run, before `npm test`, so that
// observatory.test.ts runs in CI instead of failing for want of the tool).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createTestDatabase } from "@taskfort/db/testing";
import {
  installObservatory,
  observatoryDir,
  observatoryInstalled,
  scan,
  scoreWithoutTls,
} from "../test/hardening/observatory";
import { startWebServer } from "../test/server";

const reportPath = fileURLToPath(
  new URL("../../../docs/security/observatory-report.json", import.meta.url),
);

async function scanAndReport(): Promise<void> {
  const database = await createTestDatabase();
  const server = await startWebServer({ env: { DATABASE_URL: database.url } });
  try {
    const report = scan(`127.0.0.1:${server.port}`);
    const withoutTls = scoreWithoutTls(report);
    writeFileSync(reportPath, `${JSON.stringify({ ...report, withoutTls }, null, 2)}\n`);
    console.log(
      `Observatory: ${report.scan.grade} (${report.scan.score}) over plain http; without the TLS-only tests: ${withoutTls.grade} (${withoutTls.score}). Report: ${reportPath}`,
    );
    if (withoutTls.grade !== "A+" || withoutTls.failing.length) {
      console.error(`Failing: ${withoutTls.failing.join(", ") || "(score)"}`);
      process.exitCode = 1;
    }
  } finally {
    await server.stop();
    await database.drop();
  }
}

if (!observatoryInstalled()) installObservatory();
if (process.argv.includes("--install-only"))
  console.log(`MDN HTTP Observatory installed in ${observatoryDir}`);
else await scanAndReport();
