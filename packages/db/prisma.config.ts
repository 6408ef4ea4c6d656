// Prisma CLI configuration (Prisma 7 moved the datasource URL out of schema.prisma).
// `prisma generate` needs no URL; `prisma migrate deploy` (Vercel) reads DATABASE_URL.
import { defineConfig } from "prisma/config";
import { getEnv } from "@taskfort/config/env";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: getEnv().DATABASE_URL ?? "postgresql://localhost:5432/taskfort" },
});
