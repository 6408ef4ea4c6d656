// Shared by dev.ts and start.ts: where the app lives and the flags both accept.
import { fileURLToPath } from "node:url";

export const webRoot = fileURLToPath(new URL("..", import.meta.url));
export const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));

/** --hostname/-H and --port/-p (also as --flag=value); anything else is refused. */
export function serverArgs(
  argv: string[],
  defaults: { hostname?: string; port: number },
): { hostname?: string; port: number } {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split("=", 2) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === "--hostname" || flag === "-H") out.hostname = value;
    else if (flag === "--port" || flag === "-p") out.port = Number(value);
    else throw new Error(`unknown option ${flag} (use --hostname or --port)`);
  }
  if (!Number.isInteger(out.port) || out.port < 0 || out.port > 65535)
    throw new Error(`--port must be a port number`);
  return out;
}
