// GET /api/metrics: the process's Prometheus metrics (packages/api/src/metrics.ts) for a
// scraper that sends `Authorization: Bearer $METRICS_TOKEN`.
import { createHash, timingSafeEqual } from "node:crypto";
import { httpErrorResponse, metricsText } from "@taskfort/api";
import { getEnv } from "@taskfort/config/env";

export const METRICS_PATH = "/api/metrics";

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * Constant time in the token's content and length: both sides are hashed to 32 bytes first,
 * so neither a matching prefix nor a matching length answers any faster.
 */
function isMetricsToken(authorization: string | null, token: string): boolean {
  const match = /^Bearer +(\S+)\s*$/i.exec(authorization ?? "");
  return timingSafeEqual(digest(match?.[1] ?? ""), digest(token)) && match !== null;
}

export async function metricsEndpoint(req: Request, requestId: string): Promise<Response> {
  const token = getEnv().METRICS_TOKEN;
  // Off unless configured: the endpoint does not exist for a scanner to find.
  if (!token) return httpErrorResponse("NOT_FOUND", requestId);
  if (req.method !== "GET" && req.method !== "HEAD")
    return httpErrorResponse("METHOD_NOT_SUPPORTED", requestId, undefined, { allow: "GET, HEAD" });
  if (!isMetricsToken(req.headers.get("authorization"), token))
    return httpErrorResponse(
      "UNAUTHORIZED",
      requestId,
      "Send the metrics token as a Bearer token.",
      {
        "www-authenticate": 'Bearer realm="metrics"',
      },
    );
  const { contentType, body } = await metricsText();
  // Numbers about this process only, but never for a shared cache.
  return new Response(body, {
    headers: { "content-type": contentType, "cache-control": "no-store" },
  });
}
