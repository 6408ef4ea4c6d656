// A Postgres server of the test's own (initdb in a temporary directory, pg_ctl start/stop), so a
// fault test can stop and start the whole server without touching the machine's shared one.
// Postgres refuses to run as root: as root (CI) the binaries run as the `postgres` OS user
// through runuser, on a data directory that user owns.
import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { getEnv } from "@taskfort/config/env";
import { getFreePort } from "../server";

const run = promisify(execFile);
const POSTGRES_ROOT = "/usr/lib/postgresql";

/** The newest installed Postgres's bin directory (Debian layout), or null. */
export function findPostgresBin(): string | null {
  if (!existsSync(POSTGRES_ROOT)) return null;
  const versions = readdirSync(POSTGRES_ROOT)
    .filter((v) => existsSync(join(POSTGRES_ROOT, v, "bin", "pg_ctl")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(POSTGRES_ROOT, versions[0], "bin") : null;
}

/** Null when a cluster can be run here; otherwise why not (and under CI=true, a thrown error). */
export function pgClusterSkipReason(): string | null {
  const bin = findPostgresBin();
  const asRoot = process.getuid?.() === 0;
  const reason = !bin
    ? `no Postgres server binaries under ${POSTGRES_ROOT}/<version>/bin (initdb, pg_ctl): install postgresql`
    : asRoot && !existsSync("/usr/sbin/runuser") && !existsSync("/sbin/runuser")
      ? "running as root, and runuser (to run Postgres as the postgres user) is missing"
      : null;
  if (reason && getEnv().CI)
    throw new Error(`The Postgres stop/start fault needs its own server under CI=true: ${reason}`);
  if (reason) console.warn(`[faults] skipping the Postgres stop/start fault: ${reason}`);
  return reason;
}

export interface PgCluster {
  /** A database URL for `database` on this server. */
  url(database?: string): string;
  port: number;
  /** `pg_ctl start -w`: resolves once the server accepts connections. */
  start(): Promise<void>;
  /** `pg_ctl stop -m immediate`: a crash-like stop (no checkpoint; start-up recovers from the WAL). */
  stop(): Promise<void>;
  /**
   * SIGSTOP to the server and every process it started: a server that hangs instead of
   * refusing (as behind a network partition). Connections still open at the TCP level
   * (the kernel completes the handshake), then nothing answers.
   */
  freeze(): void;
  /** SIGCONT to the same processes: the server carries on where it stopped. */
  thaw(): void;
  /** Stops (if running) and deletes the data directory. */
  destroy(): Promise<void>;
}

/** The postmaster's pid: the first line of postmaster.pid. */
function postmasterOf(data: string): number {
  return Number(readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[0]);
}

/** The processes the postmaster started (backends, checkpointer, …), from /proc. */
function childrenOf(parent: number): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        // The parent pid is the second field after the parenthesised command name.
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === parent;
      } catch {
        return false; // exited meanwhile
      }
    })
    .map(Number);
}

export async function createPgCluster(): Promise<PgCluster> {
  const bin = findPostgresBin();
  if (!bin) throw new Error("no Postgres binaries (see pgClusterSkipReason)");
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), "taskfort-pg-"));
  const data = join(dir, "data");
  if (asRoot) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const pg = (tool: string, args: string[]) =>
    asRoot
      ? run("runuser", ["-u", "postgres", "--", join(bin, tool), ...args])
      : run(join(bin, tool), args);
  await pg("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"]);
  const port = await getFreePort();
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir}`;
  let running = false;
  let frozen = false;
  const cluster: PgCluster = {
    port,
    url: (database = "postgres") => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    async start() {
      await pg("pg_ctl", ["-D", data, "-o", options, "-l", join(dir, "log"), "-w", "start"]);
      running = true;
    },
    async stop() {
      await pg("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      running = false;
    },
    freeze() {
      // The postmaster first, so that it starts no backend after its children are listed.
      const postmaster = postmasterOf(data);
      process.kill(postmaster, "SIGSTOP");
      for (const pid of childrenOf(postmaster)) process.kill(pid, "SIGSTOP");
      frozen = true;
    },
    thaw() {
      const postmaster = postmasterOf(data);
      for (const pid of childrenOf(postmaster)) process.kill(pid, "SIGCONT");
      process.kill(postmaster, "SIGCONT");
      frozen = false;
    },
    async destroy() {
      if (frozen) cluster.thaw();
      if (running) await cluster.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return cluster;
}
