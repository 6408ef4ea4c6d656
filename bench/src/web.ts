// `npm run bench:web`: what the browser pays, on the production build (run `npm run build`
// first) served by `npm start`, with Debian's Chromium (/usr/bin/chromium):
//  - the first-load JavaScript of /tasks, signed in: every script response of a cold load,
//    gzip-compressed here (what a gzip-serving server sends), summed;
//  - Lighthouse's performance score (default mobile settings) for /login and, with the
//    session cookie, /tasks.
// Writes bench/results/web-latest.{json,md}.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "@taskfort/config/chromium";
import { createTestDatabase } from "@taskfort/db/testing";
import { startWebServer, webRoot } from "@taskfort/web/testing";

interface BootupItem {
  url: string;
  total: number;
  scripting: number;
  scriptParseCompile: number;
}

// chrome-launcher starts a headed browser unless told otherwise; Playwright adds this itself.
const CHROME_FLAGS = ["--headless=new", ...CHROMIUM_ARGS];
const resultsDir = join(fileURLToPath(new URL("..", import.meta.url)), "results");

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
    const cookieHeader = cookies.map((c) => `${c.name}=${c.value}`).join("; ");
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

    // Lighthouse runs its own Chromium (the same binary) through chrome-launcher.
    const chrome = await chromeLauncher.launch({
      chromePath: CHROMIUM_PATH,
      chromeFlags: CHROME_FLAGS,
    });
    const scores: Record<string, number> = {};
    try {
      for (const path of ["/login", "/tasks"]) {
        const result = await lighthouse(`${server.url}${path}`, {
          port: chrome.port,
          output: "json",
          logLevel: "error",
          onlyCategories: ["performance"],
          extraHeaders: path === "/login" ? undefined : { Cookie: cookieHeader },
        });
        const lhr = result?.lhr;
        if (lhr?.finalDisplayedUrl && !lhr.finalDisplayedUrl.endsWith(path))
          throw new Error(`lighthouse ended on ${lhr.finalDisplayedUrl}, not ${path}`);
        scores[path] = Math.round((lhr?.categories.performance?.score ?? Number.NaN) * 100);
        // The metrics behind the score: which one costs the points.
        const metrics = [
          "first-contentful-paint",
          "largest-contentful-paint",
          "total-blocking-time",
          "cumulative-layout-shift",
          "speed-index",
        ]
          .map(
            (id) =>
              `${id} ${lhr?.audits[id]?.displayValue ?? "?"} (${lhr?.audits[id]?.score ?? "?"})`,
          )
          .join(", ");
        console.log(`lighthouse performance ${path}: ${scores[path]}: ${metrics}`);
        // Where those points go: the element the LCP waits for, and the scripts that keep the
        // main thread busy (Lighthouse's bootup-time, in its simulated-CPU milliseconds).
        const lcpAudits = Object.entries(lhr?.audits ?? {})
          .filter(([id]) => id.includes("lcp") || id.includes("largest-contentful-paint-element"))
          .map(([, audit]) => JSON.stringify(audit.details ?? null));
        const lcpElement = lcpAudits
          .map((details) => details.match(/"snippet":"((?:[^"\\]|\\.)*)"/)?.[1])
          .find(Boolean);
        console.log(`  LCP element: ${lcpElement ?? "?"}`);
        const bootup = (lhr?.audits["bootup-time"]?.details as { items?: BootupItem[] } | undefined)
          ?.items;
        const work = (
          lhr?.audits["mainthread-work-breakdown"]?.details as
            { items?: { groupLabel: string; duration: number }[] } | undefined
        )?.items;
        console.log(
          `  main thread by kind: ${(work ?? []).map((w) => `${w.groupLabel} ${Math.round(w.duration)} ms`).join(", ")}`,
        );
        for (const item of (bootup ?? []).slice(0, 4))
          console.log(
            `  main thread: ${Math.round(item.total)} ms (script ${Math.round(item.scripting)} ms, compile ${Math.round(item.scriptParseCompile)} ms) ${item.url.replace(server.url, "")}`,
          );
      }
    } finally {
      chrome.kill();
    }

    const loadavg = readFileSync("/proc/loadavg", "utf8").trim();
    const when = new Date().toISOString();
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(
      join(resultsDir, "web-latest.json"),
      `${JSON.stringify({ when, loadavg, firstLoad, lighthouse: scores }, null, 2)}\n`,
    );
    writeFileSync(
      join(resultsDir, "web-latest.md"),
      [
        `# bench:web, ${when}`,
        "",
        `/proc/loadavg: ${loadavg}. Chromium ${CHROMIUM_PATH}, Lighthouse default (mobile) settings.`,
        "",
        "| measure | value | target |",
        "|---|---:|---:|",
        `| first-load JS of /tasks (gzip) | ${firstLoad.gzipKb.toFixed(1)} kB | ≤ 150 kB |`,
        `| Lighthouse performance /login | ${scores["/login"]} | ≥ 95 |`,
        `| Lighthouse performance /tasks | ${scores["/tasks"]} | ≥ 95 |`,
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

await main();
