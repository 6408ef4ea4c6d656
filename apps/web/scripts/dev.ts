// `npm run dev`: the app with no configuration. Without DATABASE_URL it starts the
// embedded PGlite database (data under .data/, kept across restarts); either way it
// migrates, seeds the demo accounts and runs the production server module
// (src/server/http-server.ts) with Next in development mode against that database.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { seedDevData } from "@taskfort/api/seed";
import { getEnv, setEnvForChildren } from "@taskfort/config/env";
import { createDb } from "@taskfort/db";
import { startEmbeddedPostgres } from "@taskfort/db/embedded";
import { migrate } from "@taskfort/db/migrate";
import { repoRoot, serverArgs, webRoot } from "./server-args";

/** A dev-only AUTH_SECRET, made once and kept so sessions survive restarts. */
function devAuthSecret(dataDir: string): string {
  const file = join(dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(48).toString("base64url");
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}

async function main(): Promise<number> {
  const env = getEnv();
  if (env.NODE_ENV === "production") {
    console.error(
      "npm run dev is for development (it seeds demo accounts); use `npm run build && npm start` in production.",
    );
    return 1;
  }
  const dataDir = resolve(repoRoot, env.TASKFORT_DATA_DIR);

  const embedded = env.DATABASE_URL
    ? null
    : await startEmbeddedPostgres({ dataDir: join(dataDir, "pglite") });
  const databaseUrl = env.DATABASE_URL ?? embedded!.url;
  try {
    const { applied } = await migrate(databaseUrl);
    const db = createDb(databaseUrl, { max: 1 });
    const accounts = await seedDevData(db, { dataDir }).finally(() => db.$disconnect());
    const authSecret = env.AUTH_SECRET ?? devAuthSecret(dataDir);

    console.log(
      [
        "",
        `taskfort dev: database ${embedded ? `embedded PGlite (${join(dataDir, "pglite")})` : "from DATABASE_URL"}; ` +
          `${applied.length ? `applied ${applied.length} migration(s)` : "migrations up to date"}`,
        "taskfort dev: sign in with",
        ...accounts.map(
          (a) =>
            `  ${a.role === "ADMIN" ? "admin" : "user "}  ${a.username} / ${a.password ?? "(existing account, password not known here)"}`,
        ),
        "",
      ].join("\n"),
    );

    setEnvForChildren({
      NODE_ENV: "development",
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: authSecret,
      TASKFORT_DATA_DIR: dataDir,
    });
    // Loopback unless asked otherwise: a dev server with seeded accounts should not be reachable from the network.
    const args = serverArgs(process.argv.slice(2), { port: env.PORT, hostname: "127.0.0.1" });
    const { serveUntilSignalled } = await import("../src/server/http-server");
    return await serveUntilSignalled({ dev: true, dir: webRoot, ...args });
  } finally {
    await embedded?.stop();
  }
}

// A failure while starting is exit 1 (Next's own uncaughtException handler would log it and let
// the process end with 0, which a supervisor reads as a clean stop).
process.exit(
  await main().catch((error: unknown) => {
    console.error(error);
    return 1;
  }),
);
