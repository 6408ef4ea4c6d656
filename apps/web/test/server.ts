// Start the web app as a real HTTP server for tests (smoke, hardening, rate limit, REST, e2e).
// Exported as "@taskfort/web/testing". Binds 127.0.0.1 on a free port; never a fixed port.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { childEnv } from "@taskfort/config/env";

export const webRoot = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
/** What `npm start` runs: scripts/start.ts as bundled by `npm run build`. */
export const startScript = join(webRoot, "dist/start.mjs");

/**
 * Node's arguments exactly as `npm start` passes them (its V8 flags, then the script), read from
 * the package's own "start" script so that tests and benchmarks run the server as shipped.
 */
export const startArgs: string[] = (() => {
  const pkg = JSON.parse(readFileSync(join(webRoot, "package.json"), "utf8")) as {
    scripts: { start: string };
  };
  const [node, ...args] = pkg.scripts.start.split(/\s+/);
  if (node !== "node" || args.at(-1) !== "dist/start.mjs")
    throw new Error(
      `apps/web's start script is not "node [flags] dist/start.mjs": ${pkg.scripts.start}`,
    );
  return [...args.slice(0, -1), startScript];
})();

/** A port the OS says is free right now on 127.0.0.1. */
export function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

export interface StartWebServerOptions {
  /**
   * "start": `dist/start.mjs`, i.e. what `npm start` runs, on the existing production build
   * (NODE_ENV=production; run `npm run build` first).
   * "dev": `scripts/dev.ts`, i.e. what `npm run dev` runs (embedded database when DATABASE_URL is absent).
   * "next-start": a bare `next start` on the same build, without our server: what Vercel-style
   * hosting runs (the route handlers call the shared API handler); for parity tests.
   */
  mode?: "start" | "dev" | "next-start";
  /** Extra or overriding environment for the server; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /** Listen on this port (from getFreePort(), when the environment must name the URL in advance, e.g. AUTH_URL). */
  port?: number;
  /** Give up waiting after this long. */
  timeoutMs?: number;
  /** "healthy" (default): wait for GET /api/health → 200. "listening": any HTTP answer will do (for tests of a broken setup). */
  waitFor?: "healthy" | "listening";
}

export interface WebServer {
  url: string;
  port: number;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  /** The server process (signals sent to it reach the server module itself in "start" mode). */
  pid: number;
  /** Resolves with the exit code once the process has exited (null when killed by a signal). */
  exited: Promise<number | null>;
  /** SIGTERM (so the dev script can stop its embedded database cleanly), then SIGKILL after a grace period. */
  stop(): Promise<void>;
}

/** Settings `next start` refuses to run without; tests get throwaway values unless they pass their own. */
function productionTestDefaults(): Record<string, string> {
  return { AUTH_SECRET: randomBytes(32).toString("base64url"), RATE_LIMIT_BACKEND: "memory" };
}

function command(mode: "start" | "dev" | "next-start", port: number): string[] {
  const at = ["--hostname", "127.0.0.1", "--port", String(port)];
  if (mode === "dev") return [require.resolve("tsx/cli"), join(webRoot, "scripts/dev.ts"), ...at];
  if (!existsSync(join(webRoot, ".next/BUILD_ID")) || !existsSync(startScript)) {
    throw new Error(
      "apps/web has no production build: run `npm run build` first (turbo runs it before the web tests)",
    );
  }
  if (mode === "next-start") return [require.resolve("next/dist/bin/next"), "start", ...at];
  // One process, as `npm start` runs it: the signals tests send reach the server itself.
  return [...startArgs, ...at];
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export async function startWebServer(options: StartWebServerOptions = {}): Promise<WebServer> {
  const mode = options.mode ?? "start";
  const port = options.port ?? (await getFreePort());
  const url = `http://127.0.0.1:${port}`;
  const env = childEnv({
    ...(mode !== "dev"
      ? { NODE_ENV: "production", ...productionTestDefaults() }
      : { NODE_ENV: "development" }),
    PORT: String(port),
    NEXT_TELEMETRY_DISABLED: "1",
    ...options.env,
  });
  // Own process group, so stop() can also reach grandchildren (next dev's workers) if the polite stop fails.
  const child = spawn(process.execPath, command(mode, port), {
    cwd: webRoot,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    if (!(await waitForExit(child, 30_000))) {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
      await waitForExit(child, 5_000);
    }
  };

  const deadline = Date.now() + (options.timeoutMs ?? (mode === "dev" ? 180_000 : 60_000));
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`web server exited with ${child.exitCode} before it was ready:\n${output}`);
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(30_000) });
      if (res.status === 200 || options.waitFor === "listening") break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`web server not healthy at ${url}/api/health in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, port, output: () => output, pid: child.pid!, exited, stop };
}
