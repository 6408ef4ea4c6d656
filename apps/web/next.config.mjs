// Plain JavaScript, not next.config.ts: Next compiles a TypeScript config with its native SWC
// binding at every start, and that binding then stays mapped in the production server (26 MB of
// its resident memory) although nothing else there uses it.
import { fileURLToPath } from "node:url";

// The monorepo root: output tracing and Turbopack must see the workspace packages and the hoisted node_modules.
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** @type {import("next").NextConfig} */
const config = {
  poweredByHeader: false,
  // REST clients send /api/v1/tasks/ and expect an answer, not a 308 (many do not repeat a POST
  // body on a redirect); proxy.ts keeps the canonical-URL redirect for everything else.
  skipTrailingSlashRedirect: true,
  reactStrictMode: true,
  experimental: {
    // Next copies every request body for the proxy (default up to 10 MB) before our handlers
    // run. Our caps (MAX_BODY_BYTES, 100 KB; IMPORT_MAX_BODY_BYTES, 1 MB, for the task import
    // only; packages/api/src/limits.ts) answer 413 past them, so holding more than a little
    // over that in memory only helps someone sending floods. Must stay above
    // IMPORT_MAX_BODY_BYTES: a body truncated here would otherwise look small.
    proxyClientMaxBodySize: "1100kb",
    // Next loads every route's server bundle at start by default. Under `npm start` the
    // /api/* route handlers never run (src/server/http-server.ts answers /api/* itself; they
    // exist for Vercel), yet preloading them kept two 3.6 MB copies of the API's bundle and
    // their compiled code in the heap for good: ~40 MB of a ~100 MB live heap that every full
    // GC marks. Pages now load on their first request.
    preloadEntriesOnStart: false,
  },
  outputFileTracingRoot: repoRoot,
  // /api/docs reads Swagger UI's files at run time (see its route): ship them with that function on serverless hosts.
  outputFileTracingIncludes: {
    "/api/docs/**": [
      "../../node_modules/swagger-ui-dist/swagger-ui-bundle.js",
      "../../node_modules/swagger-ui-dist/swagger-ui.css",
    ],
  },
  turbopack: { root: repoRoot },
  // Native addons, WASM and worker-thread loggers break when bundled: load them from node_modules at run time.
  serverExternalPackages: [
    "@node-rs/argon2",
    "pg",
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
    "pino",
    // One registry per process (metrics.ts keeps it on globalThis; one prom-client with it).
    "prom-client",
    "prisma",
    "@prisma/client",
    "@prisma/adapter-pg",
  ],
  // The workspaces ship TypeScript source.
  transpilePackages: ["@taskfort/api", "@taskfort/config", "@taskfort/db"],
};

export default config;
