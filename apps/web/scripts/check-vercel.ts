// `npm run check:vercel`: the Vercel deployment path, checked here without Vercel's network.
//
// 1. Copies the committed tree (git archive HEAD) into a temporary folder: a clean copy, as
//    Vercel clones it, with no node_modules and no earlier build.
// 2. Runs the Vercel CLI's `vercel build` there (pinned, installed once into a cache folder; the
//    project settings Vercel would pull are written to .vercel/project.json), against an empty
//    database: the build command in apps/web/vercel.json applies the migrations with our offline
//    migrator, so deploys migrate without Prisma's engine download.
// 3. Asserts the output: functions for the tRPC route, the REST route and the pages, and every
//    migration recorded in the database.
// 4. Plants a type error in the copy's apps/web and asserts `npm run build` fails on it: no build
//    path (Vercel's included) ships code that does not typecheck.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { childEnv, getEnv } from "@taskfort/config/env";
import { startEmbeddedPostgres } from "@taskfort/db/embedded";
import { migrationsDir } from "@taskfort/db/migrate";

const VERCEL_VERSION = "64.0.2";
const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));

class CheckFailed extends Error {}

function fail(message: string): never {
  throw new CheckFailed(message);
}

function vercelCli(): string {
  const home = join(homedir(), ".cache", "taskfort", `vercel-${VERCEL_VERSION}`);
  const bin = join(home, "node_modules", ".bin", "vercel");
  if (!existsSync(bin)) {
    mkdirSync(home, { recursive: true });
    // vercel 64 pins sandbox@4.4.0, which the registry this project installs from does not
    // carry; 4.5.0 is the next release of the same major.
    writeFileSync(
      join(home, "package.json"),
      JSON.stringify({
        private: true,
        dependencies: { vercel: VERCEL_VERSION },
        overrides: { sandbox: "4.5.0" },
      }),
    );
    console.log(`check:vercel: installing vercel@${VERCEL_VERSION} into ${home}`);
    execFileSync("npm", ["install", "--prefix", home, "--no-audit", "--no-fund"], {
      stdio: "inherit",
    });
  }
  return bin;
}

/** An empty database the deploy's build command migrates: a fresh one on DATABASE_URL's server, else embedded. */
async function emptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = getEnv().DATABASE_URL;
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres({});
    return { url: embedded.url, drop: () => embedded.stop() };
  }
  const name = `taskfort_vercel_${process.pid}_${Date.now()}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const result = spawnSync(command, args, {
    cwd,
    env,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

const vercel = vercelCli();
const copy = mkdtempSync(join(tmpdir(), "taskfort-vercel-"));
const database = await emptyDatabase();
try {
  execFileSync("sh", ["-c", `git -C "${repoRoot}" archive HEAD | tar -x -C "${copy}"`]);
  mkdirSync(join(copy, ".vercel"));
  writeFileSync(
    join(copy, ".vercel", "project.json"),
    JSON.stringify({
      projectId: "prj_taskfort_check",
      orgId: "team_taskfort_check",
      settings: { rootDirectory: "apps/web", framework: "nextjs", nodeVersion: "24.x" },
    }),
  );
  const env = childEnv({
    DATABASE_URL: database.url,
    NODE_ENV: undefined,
    CI: "1",
    NEXT_TELEMETRY_DISABLED: "1",
    TURBO_TELEMETRY_DISABLED: "1",
    VERCEL_TELEMETRY_DISABLED: "1",
  });

  console.log(`check:vercel: vercel build in ${copy}`);
  const build = run(vercel, ["build", "--yes"], copy, env);
  if (build.status !== 0) fail(`vercel build failed:\n${build.output.slice(-8000)}`);

  const outputRoot = join(copy, ".vercel", "output", "functions");
  const listed = new Set<string>();
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      // Vercel groups routes into shared functions: those appear as symlinks to the group's folder.
      if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
      const name = `${prefix}${entry.name}`;
      if (name.endsWith(".func")) listed.add(name);
      else walk(join(dir, entry.name), `${name}/`);
    }
  };
  if (!existsSync(outputRoot)) fail(`no functions folder in the output (${outputRoot})`);
  walk(outputRoot, "");
  const expected = ["api/trpc/[trpc].func", "api/v1/[[...rest]].func", "tasks.func", "login.func"];
  const missing = expected.filter((name) => !listed.has(name));
  if (missing.length)
    fail(`functions missing: ${missing.join(", ")}\nfound: ${[...listed].sort().join(", ")}`);

  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const { rows } = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`,
  );
  await client.end();
  const migrations = readdirSync(join(copy, relative(repoRoot, migrationsDir)), {
    withFileTypes: true,
  }).filter((e) => e.isDirectory());
  if (Number(rows[0]?.n) !== migrations.length)
    fail(`the deploy applied ${rows[0]?.n} of ${migrations.length} migrations`);
  console.log(
    `check:vercel: ok: ${listed.size} functions (${expected.join(", ")} among them), ${migrations.length} migrations applied`,
  );

  // The copy is installed and built: a type error planted now must stop `npm run build`.
  writeFileSync(
    join(copy, "apps", "web", "src", "type-error-canary.ts"),
    'export const canary: number = "not a number";\n',
  );
  const broken = run("npm", ["run", "build"], copy, env);
  if (broken.status === 0) fail("npm run build succeeded with a type error in apps/web");
  if (!broken.output.includes("type-error-canary"))
    fail(`npm run build failed, but not on the planted type error:\n${broken.output.slice(-4000)}`);
  console.log("check:vercel: ok: a type error in apps/web stops npm run build");
} catch (error) {
  if (!(error instanceof CheckFailed)) throw error;
  console.error(`check:vercel: ${error.message}`);
  process.exitCode = 1;
} finally {
  await database.drop();
  rmSync(copy, { recursive: true, force: true });
}
