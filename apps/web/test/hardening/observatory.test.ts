// MDN HTTP Observatory against the production build. Runs when the scanner is in its
// cache directory (`npx tsx apps/web/scripts/observatory.ts` installs it and refreshes
// docs/security/observatory-report.json); offline without it, the test says so and skips.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRestApp, type RestApp } from "../rest/helpers";
import { observatoryDir, observatoryInstalled, scan, scoreWithoutTls, TLS_ONLY_TESTS } from "./observatory";

const installed = observatoryInstalled();
if (!installed) console.warn(`skipped: MDN HTTP Observatory is not installed in ${observatoryDir}; run \`npx tsx apps/web/scripts/observatory.ts\` once (needs the npm registry)`);

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
    const failingOverHttp = Object.entries(report.tests).filter(([, t]) => !t.pass).map(([name]) => name);
    for (const name of failingOverHttp) expect(TLS_ONLY_TESTS.has(name), name).toBe(true);
    expect(report.tests["content-security-policy"]?.result).toBe("csp-implemented-with-no-unsafe");
    expect(report.tests["cross-origin-resource-policy"]?.pass).toBe(true);
  });
});
