// `npm run bench:http`: what a client sees. The production server exactly as `npm start` runs
// it (apps/web/dist/start.mjs, bundled by `npm run build`; run that first; with the start
// script's Node flags), against a
// floor server (floor-server.ts: node:http + pg, the least work the same requests need) on the
// same database, in the same run, driven by autocannon: 32 connections, a warm-up, then each
// case for DURATION seconds, the cases interleaved, two rounds. Ratios to the floor are the
// measure; absolute numbers move with the machine's load (printed with them).
//
// Flags: --duration <s> (default 10), --rounds <n> (default 2), --cpu-prof <dir> (the server
// writes a V8 CPU profile there when it stops), --only <case,…> (a subset, for profiling; the floor
// cases always run, the search isolation only when named "search isolation").
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { TOKEN_SCOPES } from "@taskfort/api/schemas";
import { childEnv } from "@taskfort/config/env";
import { createTestDatabase, type TestDatabase } from "@taskfort/db/testing";
import { getFreePort, startArgs, webRoot } from "@taskfort/web/testing";

const { values: flags } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    rounds: { type: "string", default: "2" },
    "cpu-prof": { type: "string" },
    only: { type: "string" },
  },
});
const DURATION_S = Number(flags.duration);
const ROUNDS = Number(flags.rounds);
const WARMUP_S = 3;
const CONNECTIONS = 32;
const TASKS = 50;

const benchRoot = fileURLToPath(new URL("..", import.meta.url));
const resultsDir = join(benchRoot, "results");

interface Case {
  name: string;
  target: "server" | "floor";
  /** Which floor case this one is compared with. */
  floor: "floor list" | "floor create";
  method: "GET" | "POST" | "PATCH";
  path: string;
  /** One path per connection instead of `path` (updates: concurrent writes to one task would conflict). */
  paths?: string[];
  body?: string;
}

interface Sample {
  name: string;
  round: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** Highest resident set of the process serving it, sampled while under load (MB). */
  rssMb: number;
  /** CPU time (user + system) the serving process spent per answered request (ms). */
  cpuMs: number;
}

function tokenSecret() {
  const secret = `tf_${randomBytes(32).toString("base64url")}`;
  return { secret, tokenHash: createHash("sha256").update(secret).digest("hex") };
}

async function seed(testDb: TestDatabase) {
  const { db } = testDb;
  const token = async (userId: string) => {
    const { secret, tokenHash } = tokenSecret();
    await db.apiToken.create({
      data: {
        ownerId: userId,
        name: "bench",
        tokenHash,
        prefix: secret.slice(0, 9),
        scopes: [...TOKEN_SCOPES],
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    return secret;
  };
  // The reader owns exactly 50 tasks all run long; the writer takes the creates, so the
  // list's count does not grow under it from one case to the next.
  const reader = await db.user.create({ data: { username: "reader", usernameKey: "reader" } });
  const writer = await db.user.create({ data: { username: "writer", usernameKey: "writer" } });
  await db.task.createMany({
    data: Array.from({ length: TASKS }, (_, i) => ({
      ownerId: reader.id,
      title: `Task number ${i}`,
      description: i % 5 ? "" : "Something to remember about this one",
    })),
  });
  const one = await db.task.findFirstOrThrow({
    where: { ownerId: reader.id },
    select: { id: true },
  });
  // One task per connection for the update case: a task written by two connections at once
  // answers 409 to one of them (the version check), which is not what this case measures.
  const toUpdate = await db.task.createManyAndReturn({
    // Eight per connection: a connection autocannon reopens takes the next unused one.
    data: Array.from({ length: CONNECTIONS * 8 }, (_, i) => ({
      ownerId: writer.id,
      title: `Updated over and over ${i}`,
    })),
    select: { id: true },
  });
  return {
    readerToken: await token(reader.id),
    writerToken: await token(writer.id),
    taskId: one.id,
    updateIds: toUpdate.map((t) => t.id),
  };
}

function waitForExit(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve();
    }, ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function waitForHttp(url: string, child: ChildProcess, what: string, logPath: string) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${what} exited with ${child.exitCode}; see ${logPath}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${what} not answering at ${url}; see ${logPath}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Spawns a process with stdout/stderr going to a file (a pipe read by this process would load the load generator). */
function spawnLogged(args: string[], env: NodeJS.ProcessEnv, cwd: string, logPath: string) {
  const out = openSync(logPath, "w");
  return spawn(process.execPath, args, { cwd, env, stdio: ["ignore", out, out] });
}

/** User + system CPU time of a process so far (ms), from /proc/<pid>/stat. */
function cpuTimeMs(pid: number): number {
  try {
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}
/** USER_HZ: 100 on every Linux this runs on. */
const CLOCK_TICKS = 100;

function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

async function drive(
  base: string,
  c: Case,
  token: string,
  seconds: number,
  pid: number,
): Promise<Omit<Sample, "name" | "round">> {
  let peak = 0;
  let next = 0;
  const paths = c.paths;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 500);
  const cpuBefore = cpuTimeMs(pid);
  try {
    const result = await autocannon({
      url: base + c.path,
      method: c.method,
      connections: CONNECTIONS,
      duration: seconds,
      headers: {
        authorization: `Bearer ${token}`,
        ...(c.body ? { "content-type": "application/json" } : {}),
      },
      body: c.body,
      ...(paths
        ? {
            requests: [
              {
                setupRequest: (req: object, context: { path?: string }) => {
                  context.path ??= paths[next++ % paths.length];
                  return { ...req, path: context.path };
                },
              },
            ],
          }
        : {}),
    });
    return {
      reqPerSec: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
      rssMb: Math.max(peak, rssMb(pid)),
      cpuMs: (cpuTimeMs(pid) - cpuBefore) / result.requests.total,
    };
  } finally {
    clearInterval(sampler);
  }
}

const SEARCH_TASKS = 100_000;
const RARE_WORD = "zebracorn";

interface SearchIsolation {
  search: string;
  searches: { reqPerSec: number; p50: number; p99: number; non2xx: number };
  list: { reqPerSec: number; p50: number; p99: number; non2xx: number };
}

/**
 * Search at scale: a user with 100,000 tasks of 1,000 characters runs 12 searches at once
 * while another user lists their tasks (8 connections). Twice: a rare word (answered from
 * the trigram indexes) and a two-letter string (no trigram can help: a scan, cut off by the
 * statement timeout). The other user's list p99 is the measure.
 */
async function searchIsolation(
  testDb: TestDatabase,
  serverBase: string,
  readerToken: string,
  seconds: number,
): Promise<SearchIsolation[]> {
  const { db } = testDb;
  const big = await db.user.create({ data: { username: "searcher", usernameKey: "searcher" } });
  const { secret, tokenHash } = tokenSecret();
  await db.apiToken.create({
    data: {
      ownerId: big.id,
      name: "bench",
      tokenHash,
      prefix: secret.slice(0, 9),
      scopes: [...TOKEN_SCOPES],
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
  await db.$executeRaw`
    INSERT INTO "Task" (id, title, description, "ownerId", "createdAt", "updatedAt")
    SELECT 'search' || g, 'Task number ' || g,
           CASE WHEN g % 25000 = 0
                THEN repeat(md5(g::text), 15) || ' ' || ${RARE_WORD} || ' ' || repeat(md5(g::text), 15) || left(md5(g::text), 12)
                ELSE repeat(md5(g::text), 31) || left(md5(g::text), 8) END,
           ${big.id}, now() - g * interval '1 second', now()
    FROM generate_series(1, ${SEARCH_TASKS}) AS g`;
  await db.$executeRawUnsafe(`ANALYZE "Task"`);
  const out: SearchIsolation[] = [];
  for (const search of [RARE_WORD, "ab"]) {
    const shape = (r: autocannon.Result) => ({
      reqPerSec: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      non2xx: r.non2xx + r.errors + r.timeouts,
    });
    const [searches, list] = await Promise.all([
      autocannon({
        url: `${serverBase}/api/v1/tasks?search=${search}`,
        connections: 12,
        duration: seconds,
        headers: { authorization: `Bearer ${secret}` },
      }),
      autocannon({
        url: `${serverBase}/api/v1/tasks`,
        connections: 8,
        duration: seconds,
        headers: { authorization: `Bearer ${readerToken}` },
      }),
    ]);
    out.push({ search, searches: shape(searches), list: shape(list) });
  }
  return out;
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
const pct = (n: number) => (Number.isFinite(n) ? `${(n * 100).toFixed(0)}%` : "n/a");

function table(rows: Sample[], floors: Map<string, number>, cases: Case[]): string {
  const lines = [
    "| case | req/s | p50 ms | p99 ms | RSS MB | CPU ms/req | vs floor | non-2xx |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const row of rows) {
    const c = cases.find((x) => x.name === row.name)!;
    const floor = floors.get(c.floor) ?? Number.NaN;
    const ratio = c.target === "floor" ? "(floor)" : pct(row.reqPerSec / floor);
    lines.push(
      `| ${row.name} | ${fmt(row.reqPerSec)} | ${fmt(row.p50)} | ${fmt(row.p99)} | ${fmt(row.rssMb)} | ${fmt(row.cpuMs, 2)} | ${ratio} | ${row.non2xx + row.errors} |`,
    );
  }
  return lines.join("\n");
}

async function main() {
  if (!existsSync(join(webRoot, ".next/BUILD_ID"))) {
    console.error("bench:http measures the production build: run `npm run build` first.");
    process.exitCode = 1;
    return;
  }
  mkdirSync(resultsDir, { recursive: true });
  const testDb = await createTestDatabase();
  const dbNote =
    testDb.kind === "postgres"
      ? "Postgres (DATABASE_URL), a fresh database"
      : "embedded PGlite (no DATABASE_URL): one connection, no parallelism; numbers are NOT comparable with Postgres runs";
  const children: ChildProcess[] = [];
  try {
    const seeded = await seed(testDb);
    const [serverPort, floorPort] = await Promise.all([getFreePort(), getFreePort()]);
    const serverLog = join(resultsDir, "server.log");
    const requestLog = join(resultsDir, "requests.log");
    // LOG_FILE is appended to: start from an empty one so it holds this run only.
    rmSync(requestLog, { force: true });
    const profile = flags["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${flags["cpu-prof"]}`] : [];
    const server = spawnLogged(
      [...profile, ...startArgs, "--hostname", "127.0.0.1", "--port", String(serverPort)],
      childEnv({
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        DATABASE_URL: testDb.url,
        AUTH_SECRET: randomBytes(32).toString("base64url"),
        // Limits lifted out of reach: the bench measures the limiter's cost, not its verdicts.
        RATE_LIMIT_BACKEND: "memory",
        RATE_LIMIT_USER: "100000000/1m",
        RATE_LIMIT_ANON: "100000000/1m",
        RATE_LIMIT_PROBE: "100000000/1m",
        QUOTA_TASKS: "10000000",
        // Logging stays on as in production: a line per request to stdout and to LOG_FILE.
        LOG_LEVEL: "info",
        LOG_FILE: requestLog,
        PORT: String(serverPort),
      }),
      webRoot,
      serverLog,
    );
    children.push(server);
    const floorLog = join(resultsDir, "floor.log");
    const floor = spawnLogged(
      ["--import", "tsx", join(benchRoot, "src/floor-server.ts"), String(floorPort)],
      childEnv({ DATABASE_URL: testDb.url }),
      benchRoot,
      floorLog,
    );
    children.push(floor);
    const serverBase = `http://127.0.0.1:${serverPort}`;
    const floorBase = `http://127.0.0.1:${floorPort}`;
    await waitForHttp(`${serverBase}/api/health`, server, "the server", serverLog);
    await waitForHttp(floorBase, floor, "the floor server", floorLog);

    const create = JSON.stringify({ title: "Created by the benchmark" });
    const allCases: Case[] = [
      { name: "floor list", target: "floor", floor: "floor list", method: "GET", path: "/tasks" },
      {
        name: "REST list",
        target: "server",
        floor: "floor list",
        method: "GET",
        path: "/api/v1/tasks",
      },
      {
        name: "tRPC list",
        target: "server",
        floor: "floor list",
        method: "GET",
        path: `/api/trpc/task.list?input=${encodeURIComponent("{}")}`,
      },
      {
        name: "REST get",
        target: "server",
        floor: "floor list",
        method: "GET",
        path: `/api/v1/tasks/${seeded.taskId}`,
      },
      {
        name: "floor create",
        target: "floor",
        floor: "floor create",
        method: "POST",
        path: "/tasks",
        body: create,
      },
      {
        name: "REST create",
        target: "server",
        floor: "floor create",
        method: "POST",
        path: "/api/v1/tasks",
        body: create,
      },
      {
        name: "REST update",
        target: "server",
        floor: "floor create",
        method: "PATCH",
        path: `/api/v1/tasks/${seeded.updateIds[0]}`,
        paths: seeded.updateIds.map((id) => `/api/v1/tasks/${id}`),
        body: JSON.stringify({ completed: true }),
      },
    ];
    const only = flags.only?.split(",").map((s) => s.trim());
    const cases = only
      ? allCases.filter((c) => only.includes(c.name) || c.target === "floor")
      : allCases;
    // Statistics as autovacuum keeps them on a live database: fresh before each case. Without
    // this the planner works from none at all (a database copied from the migrated template
    // has never been analysed) or from before the last case's tens of thousands of creates,
    // and may look a task up by id through the (ownerId, deletedAt) index, which then reads
    // every task of the owner (20 ms an update, seen here), or scan every task for a list.
    const run = async (c: Case, seconds: number) => {
      await testDb.db.$executeRawUnsafe(`ANALYZE "Task"`);
      return drive(
        c.target === "floor" ? floorBase : serverBase,
        c,
        c.method === "GET" ? seeded.readerToken : seeded.writerToken,
        seconds,
        (c.target === "floor" ? floor : server).pid!,
      );
    };

    const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${fmt(totalmem() / 2 ** 30)} GB, Node ${process.version}`;
    const loadBefore = readFileSync("/proc/loadavg", "utf8").trim();
    console.log(`bench:http on ${dbNote}`);
    console.log(`machine: ${machine}; /proc/loadavg before: ${loadBefore}`);
    console.log(
      `${CONNECTIONS} connections, ${WARMUP_S} s warm-up per case, then ${DURATION_S} s per case, interleaved, ${ROUNDS} rounds; reader owns ${TASKS} tasks`,
    );
    for (const c of cases) await run(c, WARMUP_S);

    const samples: Sample[] = [];
    const rounds: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const rows: Sample[] = [];
      for (const c of cases) rows.push({ name: c.name, round, ...(await run(c, DURATION_S)) });
      samples.push(...rows);
      const floors = new Map(
        rows.filter((r) => r.name.startsWith("floor")).map((r) => [r.name, r.reqPerSec]),
      );
      const text = `round ${round} (/proc/loadavg ${readFileSync("/proc/loadavg", "utf8").trim()})\n${table(rows, floors, cases)}`;
      console.log(`\n${text}`);
      rounds.push(text);
    }

    // Each round's ratio is taken within the round (same machine state); the summary gives the
    // lower of the rounds' ratios and the higher p99: the rounds must both meet a target.
    const summary = cases.map((c) => {
      const mine = samples.filter((s) => s.name === c.name);
      const ratios = mine.map((s) => {
        const floor = samples.find((f) => f.name === c.floor && f.round === s.round)!;
        return s.reqPerSec / floor.reqPerSec;
      });
      return {
        name: c.name,
        target: c.target,
        reqPerSec: mine.reduce((a, s) => a + s.reqPerSec, 0) / mine.length,
        p50: Math.max(...mine.map((s) => s.p50)),
        p99: Math.max(...mine.map((s) => s.p99)),
        rssMb: Math.max(...mine.map((s) => s.rssMb)),
        cpuMs: mine.reduce((a, s) => a + s.cpuMs, 0) / mine.length,
        failures: mine.reduce((a, s) => a + s.non2xx + s.errors, 0),
        worstRatio: c.target === "floor" ? null : Math.min(...ratios),
      };
    });
    // Profiling a subset (--only) leaves it out unless named: its 100,000 rows would take the profile.
    const isolation =
      only && !only.includes("search isolation")
        ? []
        : await searchIsolation(testDb, serverBase, seeded.readerToken, DURATION_S);
    const isolationLines = [
      `| 12 searches for | search req/s | search p99 ms | search non-2xx | other user's list req/s | list p50 ms | list p99 ms |`,
      "|---|---:|---:|---:|---:|---:|---:|",
      ...isolation.map(
        (r) =>
          `| "${r.search}" | ${fmt(r.searches.reqPerSec)} | ${fmt(r.searches.p99)} | ${r.searches.non2xx} | ${fmt(r.list.reqPerSec)} | ${fmt(r.list.p50)} | ${fmt(r.list.p99)} |`,
      ),
    ];
    if (isolation.length) {
      console.log(
        `\nsearch isolation: a user with ${SEARCH_TASKS} tasks of 1,000 characters runs 12 searches at once; another user lists (8 connections)`,
      );
      console.log(isolationLines.join("\n"));
    }
    const loadAfter = readFileSync("/proc/loadavg", "utf8").trim();
    const summaryLines = [
      "| case | req/s (mean) | p50 ms (max) | p99 ms (max) | RSS MB (max) | CPU ms/req (mean) | vs floor (worst round) | non-2xx |",
      "|---|---:|---:|---:|---:|---:|---:|---:|",
      ...summary.map(
        (s) =>
          `| ${s.name} | ${fmt(s.reqPerSec)} | ${fmt(s.p50)} | ${fmt(s.p99)} | ${fmt(s.rssMb)} | ${fmt(s.cpuMs, 2)} | ${s.worstRatio === null ? "(floor)" : pct(s.worstRatio)} | ${s.failures} |`,
      ),
    ];
    console.log(`\nsummary over ${ROUNDS} rounds (/proc/loadavg after: ${loadAfter})`);
    console.log(summaryLines.join("\n"));
    const failures =
      summary.reduce((a, s) => a + s.failures, 0) +
      isolation.reduce((a, r) => a + r.list.non2xx, 0);
    if (failures) {
      console.error(`${failures} responses were not 2xx or failed: see ${serverLog}`);
      process.exitCode = 1;
    }

    const when = new Date().toISOString();
    writeFileSync(
      join(resultsDir, "http-latest.json"),
      `${JSON.stringify(
        {
          when,
          database: testDb.kind,
          machine,
          loadavg: { before: loadBefore, after: loadAfter, os: loadavg() },
          connections: CONNECTIONS,
          durationSeconds: DURATION_S,
          rounds: ROUNDS,
          samples,
          summary,
          searchIsolation: isolation,
        },
        null,
        2,
      )}\n`,
    );
    writeFileSync(
      join(resultsDir, "http-latest.md"),
      [
        `# bench:http, ${when}`,
        "",
        `Database: ${dbNote}. Machine: ${machine}. /proc/loadavg before: ${loadBefore}; after: ${loadAfter}.`,
        `${CONNECTIONS} connections, ${DURATION_S} s per case, interleaved, ${ROUNDS} rounds.`,
        "",
        ...rounds.flatMap((r) => [r, ""]),
        `Summary`,
        "",
        ...summaryLines,
        "",
        `Search isolation: a user with ${SEARCH_TASKS} tasks of 1,000 characters runs 12 searches at once; another user lists (8 connections).`,
        "",
        ...isolationLines,
        "",
      ].join("\n"),
    );
    console.log(`\nwrote ${join(resultsDir, "http-latest.json")} and http-latest.md`);
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(children.map((child) => waitForExit(child, 20_000)));
    await testDb.drop();
  }
}

await main();
