// GET /api/health: 200 {"status":"ok","db":"up","rateLimiter":…}, 503 with the part that
// is down, or 503 {"status":"draining"} while the production server shuts down.
import { getLogger, getRateLimiter } from "@taskfort/api";
import { getDb } from "@taskfort/db";
import { isDraining } from "./lifecycle";

// A health check must answer even when the database hangs, so the probe is bounded.
const DB_PROBE_TIMEOUT_MS = 3_000;

async function databaseIsUp(requestId: string): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${DB_PROBE_TIMEOUT_MS} ms`)),
        DB_PROBE_TIMEOUT_MS,
      );
    });
    await Promise.race([getDb().$queryRaw`SELECT 1`, timeout]);
    return true;
  } catch (error) {
    // The reason goes to the log only: the response names the part that is down, not its error text.
    getLogger().error({ requestId, err: error }, "health: database probe failed");
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export async function health(requestId: string): Promise<Response> {
  const headers = { "cache-control": "no-store" };
  if (isDraining()) return Response.json({ status: "draining" }, { status: 503, headers });
  // The backend the requests are actually limited by (the limiter decides; RATE_LIMIT_BACKEND=memory wins over Upstash settings).
  const rateLimiter = getRateLimiter().backend;
  const dbUp = await databaseIsUp(requestId);
  const body = dbUp
    ? { status: "ok", db: "up", rateLimiter }
    : { status: "down", db: "down", rateLimiter, down: ["db"] };
  return Response.json(body, { status: dbUp ? 200 : 503, headers });
}
