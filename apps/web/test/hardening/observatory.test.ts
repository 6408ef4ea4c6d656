// MDN HTTP Observatory against the production build. Runs when the scanner is in its
// cache directory (`npx tsx apps/web/scripts/observatory.ts` installs it and refreshes
// docs/security/observatory-report.json; .ci/run installs it with `--install-only`).
// Without it the test says so and skips, except under CI=true, where it fails: CI must
// check the A+ claim, not quietly skip it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEnv } from "@taskfort/config/env";
import { startRestApp, type RestApp } from "../rest/helpers";
import {
  observatoryDir,
  observatoryInstalled,
  scan,
  scoreWithoutTls,
  TLS_ONLY_TESTS,
} from "./observatory";

const installed = observatoryInstalled();
if (!installed) {
  const missing = `MDN HTTP Observatory is not installed in ${observatoryDir}; run \`npx tsx apps/web/scripts/observatory.ts --install-only\` once (needs the npm registry)`;
  if (getEnv().CI) throw new Error(`${missing}. CI=true needs the scan to run.`);
  console.warn(`skipped: ${missing}`);
}

let app: RestApp;

beforeAll(async () => {
  if (installed) app = await startRestApp();
});

afterAll(async () => {
  await app?.stop();
});

describe.skipIf(!installed)("MDN HTTP Observatory", () => {
  it("observatory: A+ on everything it can judge without TLS; only the TLS-only tests fail over plain http", () => {
    const report = scan(`127.0.0.1:${app.server.port}`);
    const withoutTls = scoreWithoutTls(report);
    expect(withoutTls.failing).toEqual([]);
    expect(withoutTls.grade).toBe("A+");
    const failingOverHttp = Object.entries(report.tests)
      .filter(([, t]) => !t.pass)
      .map(([name]) => name);
    for (const name of failingOverHttp) expect(TLS_ONLY_TESTS.has(name), name).toBe(true);
    expect(report.tests["content-security-policy"]?.result).toBe("csp-implemented-with-no-unsafe");
    expect(report.tests["cross-origin-resource-policy"]?.pass).toBe(true);
  });
});
