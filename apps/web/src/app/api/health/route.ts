import { getEnv } from "@taskfort/config/env";
import { getDb } from "@taskfort/db";
import { getLogger } from "@taskfort/api";
import { requestIdOf } from "@/server/request-id";

// A health check must answer even when the database hangs, so the probe is bounded.
const DB_PROBE_TIMEOUT_MS = 3_000;

async function databaseIsUp(requestId: string): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${DB_PROBE_TIMEOUT_MS} ms`)), DB_PROBE_TIMEOUT_MS);
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

export async function GET(req: Request) {
  const requestId = requestIdOf(req);
  const env = getEnv();
  const rateLimiter = env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN ? "upstash" : "memory";
  const dbUp = await databaseIsUp(requestId);
  const body = dbUp ? { status: "ok", db: "up", rateLimiter } : { status: "down", db: "down", rateLimiter, down: ["db"] };
  return Response.json(body, {
    status: dbUp ? 200 : 503,
    headers: { "x-request-id": requestId, "cache-control": "no-store" },
  });
}
