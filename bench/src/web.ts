// `npm run bench:web`: what the browser pays, on the production build (run `npm run build`
// first) served by `npm start`, with Debian's Chromium (/usr/bin/chromium):
//  - the first-load JavaScript of /tasks, signed in: every script response of a cold load,
//    gzip-compressed here (what a gzip-serving server sends), summed;
//  - Lighthouse's performance score (default mobile settings) for /login and, with the
//    session cookie, /tasks: the median of five runs, beside the same for a bare Next.js page
//    built and served in this run (the baseline: what Next's runtime alone scores here).
// Writes bench/results/web-latest.{json,md}.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "@taskfort/config/chromium";
import { childEnv } from "@taskfort/config/env";
import { createTestDatabase } from "@taskfort/db/testing";
import { getFreePort, startWebServer, webRoot } from "@taskfort/web/testing";

type Result = NonNullable<Awaited<ReturnType<typeof lighthouse>>>["lhr"];

interface WorkItem {
  groupLabel: string;
  duration: number;
}

interface BootupItem {
  url: string;
  total: number;
  scripting: number;
  scriptParseCompile: number;
}

interface LighthousePage {
  name: string;
  url: string;
}

/** Lighthouse's own advice against its run-to-run variability: run five times, report the median. */
const LIGHTHOUSE_RUNS = 5;
const BASELINE = "bare Next.js page (baseline)";
const BASELINE_COOP = "the same with COOP: same-origin";

// chrome-launcher starts a headed browser unless told otherwise; Playwright adds this itself.
const CHROME_FLAGS = ["--headless=new", ...CHROMIUM_ARGS];
const resultsDir = join(fileURLToPath(new URL("..", import.meta.url)), "results");
const repoRoot = join(webRoot, "../..");

async function main() {
  if (!existsSync(join(webRoot, ".next/BUILD_ID"))) {
    console.error("bench:web measures the production build: run `npm run build` first.");
    process.exitCode = 1;
    return;
  }
  if (!existsSync(CHROMIUM_PATH)) {
    console.error(`bench:web needs Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium).`);
    process.exitCode = 1;
    return;
  }
  const testDb = await createTestDatabase();
  const server = await startWebServer({
    mode: "start",
    env: {
      DATABASE_URL: testDb.url,
      LOG_LEVEL: "warn",
      RATE_LIMIT_USER: "100000/1m",
      RATE_LIMIT_ANON: "100000/1m",
      RATE_LIMIT_AUTH: "100000/1m",
      RATE_LIMIT_PROBE: "100000/1m",
    },
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    // A user with a few tasks, signed in through the login page as a person would.
    const credentials = {
      username: `bench_${randomBytes(4).toString("hex")}`,
      password: `pw-${randomBytes(9).toString("base64url")}`,
    };
    const register = await fetch(`${server.url}/api/v1/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url },
      body: JSON.stringify(credentials),
    });
    if (register.status !== 201)
      throw new Error(`register: ${register.status} ${await register.text()}`);
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(credentials),
    });
    const { token } = (await login.json()) as { token: string };
    for (let i = 0; i < 10; i++)
      await fetch(`${server.url}/api/v1/tasks`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({
          title: `Something to do ${i}`,
          description: "A few words about it",
        }),
      });

    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await page.goto("/login");
    // The form goes live once someone is there (apps/web/src/components/deferred.tsx).
    // Moved until it is: a move before the page's scripts ran has no one listening.
    for (let tries = 0; (await page.locator("form:not([data-ready])").count()) > 0; tries++) {
      if (tries === 100) throw new Error("the sign-in form never went live");
      await page.mouse.move(1 + (tries % 2), 1);
      await page.waitForTimeout(100);
    }
    await page.getByLabel("Username").fill(credentials.username);
    await page.getByLabel("Password").fill(credentials.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByTestId("current-user").waitFor();
    const cookies = await context.cookies();
    await context.close();

    // First-load JS: a cold context (no cache), signed in, /tasks until the network is idle.
    const cold = await browser.newContext({ baseURL: server.url });
    await cold.addCookies(cookies);
    const coldPage = await cold.newPage();
    const scripts = new Map<string, Promise<Buffer>>();
    coldPage.on("response", (res) => {
      if (res.request().resourceType() === "script") scripts.set(res.url(), res.body());
    });
    await coldPage.goto("/tasks", { waitUntil: "networkidle" });
    let raw = 0;
    let gzip = 0;
    const sizes: { url: string; gzipKb: number }[] = [];
    for (const [url, body] of scripts) {
      const bytes = await body;
      const zipped = gzipSync(bytes).byteLength;
      raw += bytes.byteLength;
      gzip += zipped;
      sizes.push({ url: new URL(url).pathname, gzipKb: zipped / 1024 });
    }
    await cold.close();
    // Every script, largest first: which ones make the total.
    const bySize = sizes.sort((a, b) => b.gzipKb - a.gzipKb);
    const firstLoad = { scripts: scripts.size, rawKb: raw / 1024, gzipKb: gzip / 1024, bySize };
    for (const { url, gzipKb } of bySize) console.log(`  ${gzipKb.toFixed(1)} kB  ${url}`);
    console.log(
      `first-load JS of /tasks: ${firstLoad.gzipKb.toFixed(1)} kB gzip (${firstLoad.rawKb.toFixed(1)} kB raw, ${firstLoad.scripts} scripts)`,
    );

    // The baseline page, and Lighthouse in its own Chromium (the same binary, by chrome-launcher).
    const bare = await startBareNext();
    const pages: LighthousePage[] = [
      { name: BASELINE, url: `${bare.url}/` },
      { name: BASELINE_COOP, url: `${bare.url}/coop` },
      // As localhost: cookies are per host, and this browser holds the session for 127.0.0.1
      // only (a signed-in /login would redirect to /tasks).
      { name: "/login", url: `${server.url.replace("//127.0.0.1:", "//localhost:")}/login` },
      { name: "/tasks", url: `${server.url}/tasks` },
    ];
    const runs = new Map<string, Result[]>(pages.map((page) => [page.name, []]));
    try {
      const chrome = await chromeLauncher.launch({
        chromePath: CHROMIUM_PATH,
        chromeFlags: CHROME_FLAGS,
      });
      try {
        // Lighthouse keeps a browser's cookies from run to run (it clears the origin's other
        // storage), so the session goes into its cookie jar. A Cookie header of its own would be
        // replaced by the jar's as soon as a page sets any cookie (the head script's time zone).
        const jar = await chromium.connectOverCDP(`http://127.0.0.1:${chrome.port}`);
        await jar.contexts()[0]?.addCookies(cookies);
        await jar.close();
        // Interleaved, so that a slower minute of the machine falls on every page alike.
        for (let round = 0; round < LIGHTHOUSE_RUNS; round++)
          for (const page of pages) {
            const result = await lighthouse(page.url, {
              port: chrome.port,
              output: "json",
              logLevel: "error",
              onlyCategories: ["performance"],
            });
            if (!result) throw new Error(`lighthouse gave no result for ${page.url}`);
            if (result.lhr.finalDisplayedUrl !== page.url)
              throw new Error(
                `lighthouse run ${round + 1} ended on ${result.lhr.finalDisplayedUrl}, not ${page.url}`,
              );
            runs.get(page.name)?.push(result.lhr);
          }
      } finally {
        chrome.kill();
      }
    } finally {
      await bare.stop();
    }
    const lighthouseResults = pages.map((page) => summarise(page.name, runs.get(page.name) ?? []));
    const [baseline] = lighthouseResults;
    const tbtRatio = (tbtMs: number) =>
      baseline ? `${(tbtMs / baseline.tbtMs).toFixed(1)}×` : "?";
    for (const result of lighthouseResults) {
      console.log(
        `lighthouse performance ${result.page}: ${result.score} (median of ${LIGHTHOUSE_RUNS}; runs ${result.scores.join(", ")}): ${result.metrics}; TBT ${Math.round(result.tbtMs)} ms, ${tbtRatio(result.tbtMs)} the baseline's`,
      );
      for (const line of result.diagnostics)
        console.log(`  ${line.replace(/http:\/\/(127\.0\.0\.1|localhost):\d+/g, "")}`);
    }

    const loadavg = readFileSync("/proc/loadavg", "utf8").trim();
    const when = new Date().toISOString();
    mkdirSync(resultsDir, { recursive: true });
    const lighthouseJson = lighthouseResults.map(({ diagnostics: _, ...result }) => result);
    writeFileSync(
      join(resultsDir, "web-latest.json"),
      `${JSON.stringify({ when, loadavg, firstLoad, lighthouse: lighthouseJson }, null, 2)}\n`,
    );
    const target = (page: string) => (page.startsWith("/") ? "≥ 95" : "");
    writeFileSync(
      join(resultsDir, "web-latest.md"),
      [
        `# bench:web, ${when}`,
        "",
        `/proc/loadavg: ${loadavg}. Chromium ${CHROMIUM_PATH}, Lighthouse default (mobile) settings, the median of ${LIGHTHOUSE_RUNS} interleaved runs per page.`,
        "",
        `First-load JS of /tasks: ${firstLoad.gzipKb.toFixed(1)} kB gzip (target ≤ 150 kB).`,
        "",
        "| page | performance | every run | FCP | LCP | TBT | TBT vs baseline | target |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
        ...lighthouseResults.map(
          (r) =>
            `| ${r.page} | ${r.score} | ${r.scores.join(", ")} | ${r.fcp} | ${r.lcp} | ${Math.round(r.tbtMs)} ms | ${tbtRatio(r.tbtMs)} | ${target(r.page)} |`,
        ),
        "",
      ].join("\n"),
    );
    console.log(
      `/proc/loadavg: ${loadavg}; wrote ${join(resultsDir, "web-latest.json")} and web-latest.md`,
    );
  } finally {
    await browser.close();
    await server.stop();
    await testDb.drop();
  }
}

/**
 * The baseline, built and served in this run: the least page Next.js's App Router serves (one
 * static server component, no client code, no CSS). What Next's own client runtime costs on this
 * machine; a Taskfort page can only add to it. Written under node_modules/.cache (ignored by git,
 * lint and format; inside the repo, so Turbopack can resolve next and react), without JSX, which
 * Turbopack does not compile under node_modules.
 */
async function startBareNext(): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = join(repoRoot, "node_modules/.cache/taskfort-bench/bare-next");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "app"), { recursive: true });
  // The same page again at /coop with the one header every Taskfort page must send that
  // changes how Chromium loads it: Cross-Origin-Opener-Policy puts the page in a new browsing
  // context group, so coming from Lighthouse's about:blank it starts a new renderer process.
  writeFileSync(
    join(dir, "next.config.mjs"),
    `export default {
  turbopack: { root: ${JSON.stringify(repoRoot)} },
  headers: async () => [
    { source: "/coop", headers: [{ key: "Cross-Origin-Opener-Policy", value: "same-origin" }] },
  ],
};
`,
  );
  writeFileSync(
    join(dir, "app/layout.js"),
    `import { createElement as h } from "react";
export const metadata = { title: "Bare" };
export default function Layout({ children }) {
  return h("html", { lang: "en" }, h("body", null, children));
}
`,
  );
  const page = `import { createElement as h } from "react";
export default function Page() {
  return h("main", null, h("h1", null, "Hello"), h("p", null, "Next.js and React, nothing else."));
}
`;
  writeFileSync(join(dir, "app/page.js"), page);
  mkdirSync(join(dir, "app/coop"));
  writeFileSync(join(dir, "app/coop/page.js"), page);
  const next = createRequire(join(webRoot, "package.json")).resolve("next/dist/bin/next");
  const env = childEnv({ NEXT_TELEMETRY_DISABLED: "1" });
  const build = spawnSync(process.execPath, [next, "build"], { cwd: dir, env, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`the baseline's next build failed:\n${build.stderr}`);
  const port = await getFreePort();
  const child = spawn(process.execPath, [next, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: dir,
    env,
    stdio: "ignore",
  });
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    const answer = await fetch(url).catch(() => null);
    if (answer?.ok) break;
    if (tries === 100) throw new Error("the baseline's next start never answered");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill();
      }),
  };
}

/** One page's median run (by performance score), every run's score, and where the points go. */
function summarise(page: string, lhrs: Result[]) {
  const score = (lhr: Result) =>
    Math.round((lhr.categories.performance?.score ?? Number.NaN) * 100);
  const sorted = [...lhrs].sort((a, b) => score(a) - score(b));
  const median = sorted[Math.floor(sorted.length / 2)];
  if (!median) throw new Error(`no Lighthouse run of ${page}`);
  const audit = (id: string) => median.audits[id];
  // The metrics behind the score: which one costs the points.
  const metrics = [
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
  ]
    .map((id) => `${id} ${audit(id)?.displayValue ?? "?"} (${audit(id)?.score ?? "?"})`)
    .join(", ");
  // Where those points go: the element the LCP waits for, and the scripts that keep the
  // main thread busy (Lighthouse's bootup-time, in its simulated-CPU milliseconds).
  const lcpElement = Object.entries(median.audits)
    .filter(([id]) => id.includes("lcp") || id.includes("largest-contentful-paint-element"))
    .map(([, a]) => JSON.stringify(a.details ?? null).match(/"snippet":"((?:[^"\\]|\\.)*)"/)?.[1])
    .find(Boolean);
  const work =
    (audit("mainthread-work-breakdown")?.details as { items?: WorkItem[] } | undefined)?.items ??
    [];
  const bootup =
    (audit("bootup-time")?.details as { items?: BootupItem[] } | undefined)?.items ?? [];
  return {
    page,
    score: score(median),
    scores: lhrs.map(score),
    fcp: audit("first-contentful-paint")?.displayValue ?? "?",
    lcp: audit("largest-contentful-paint")?.displayValue ?? "?",
    tbtMs: audit("total-blocking-time")?.numericValue ?? Number.NaN,
    metrics,
    diagnostics: [
      `LCP element: ${lcpElement ?? "?"}`,
      `main thread by kind: ${work.map((w) => `${w.groupLabel} ${Math.round(w.duration)} ms`).join(", ")}`,
      ...bootup
        .slice(0, 4)
        .map(
          (item) =>
            `main thread: ${Math.round(item.total)} ms (script ${Math.round(item.scripting)} ms, compile ${Math.round(item.scriptParseCompile)} ms) ${item.url}`,
        ),
    ],
  };
}

await main();
