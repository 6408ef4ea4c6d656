// `npm run db:migrate`: applies pending migrations to DATABASE_URL, offline.
import { getEnv } from "@taskfort/config/env";
import { migrate } from "./migrate";

const url = getEnv().DATABASE_URL;
if (!url) {
  console.error(
    "db:migrate: DATABASE_URL is not set. Set it to a postgres:// URL (npm run dev migrates the embedded database itself).",
  );
  process.exit(1);
}
try {
  const { applied } = await migrate(url);
  console.log(
    applied.length
      ? `db:migrate: applied ${applied.join(", ")}`
      : "db:migrate: database is up to date",
  );
} catch (error) {
  console.error(`db:migrate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
