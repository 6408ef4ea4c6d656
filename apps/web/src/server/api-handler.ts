// The one API handler: /api/trpc/*, /api/v1/*, /api/health and /api/metrics. The production server
// (http-server.ts) calls it directly, without Next's routing in front; on Vercel (or a
// bare `next start`) the App Router route handlers call the very same function. It owns
// everything an API response needs, so both paths answer alike: the request scope (id,
// client address; opened here only when no production server did), the https redirect,
// security headers, CORS, the body cap, rate-limit headers and the error envelope.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import {
  appRouter,
  checkProbeLimit,
  countRefusedRequest,
  getLogger,
  handleApiRequest,
  httpErrorResponse,
  logUnexpectedError,
  trpcRouteTemplate,
  withHeaders,
  withRequestScope,
  type RequestScope,
} from "@taskfort/api";
import { MAX_BATCH_SIZE } from "@taskfort/api/limits";
import { handleRestRequest, REST_BASE_PATH, restOpenApiDocument } from "@taskfort/api/rest";
import { getEnv } from "@taskfort/config/env";
import { getDb } from "@taskfort/db";
import { requestContext } from "./context";
import { health } from "./health";
import { HEALTH_PATH, httpsRedirectTarget } from "./https-redirect";
import { METRICS_PATH, metricsEndpoint } from "./metrics-endpoint";
import { REQUEST_ID_HEADER, scopeWithoutServer } from "./request-scope";
import { newNonce, securityHeaders } from "./security-headers";

export const TRPC_PATH = "/api/trpc";
const OPENAPI_PATH = `${REST_BASE_PATH}/openapi.json`;

/** Paths this handler answers; the production server sends everything else to Next. */
export function isApiPath(pathname: string): boolean {
  return (
    pathname === HEALTH_PATH ||
    pathname === `${HEALTH_PATH}/` ||
    pathname === METRICS_PATH ||
    pathname.startsWith(`${TRPC_PATH}/`) ||
    pathname === REST_BASE_PATH ||
    pathname.startsWith(`${REST_BASE_PATH}/`)
  );
}

/**
 * Runs `handle` as an API request: in this request's scope, behind the https redirect, with
 * the security headers and X-Request-Id on whatever it answers. Also used by next-auth's
 * route, which Next serves on both paths.
 */
export function withApiEdge(
  req: Request,
  handle: (scope: RequestScope) => Promise<Response>,
): Promise<Response> {
  return withRequestScope(
    req,
    () => scopeWithoutServer(req.headers),
    async (scope) => {
      const url = new URL(req.url);
      const target = httpsRedirectTarget(req.headers, url.pathname, url.search);
      const res =
        target === "invalid"
          ? new Response(null, { status: 400 })
          : target
            ? new Response(null, { status: 308, headers: { location: target.href } })
            : await handle(scope);
      const env = getEnv();
      const security = securityHeaders({
        nonce: newNonce(),
        isDev: env.NODE_ENV === "development",
        isProduction: env.NODE_ENV === "production",
      });
      return withHeaders(res, [...Object.entries(security), [REQUEST_ID_HEADER, scope.requestId]]);
    },
  );
}

/** The context for this HTTP request: the same for tRPC and REST (and, without the request, for pages). */
function contextFor(req: Request, resHeaders: Headers) {
  return requestContext({ headers: req.headers, request: req, resHeaders });
}

function trpc(request: Request, scope: RequestScope): Promise<Response> {
  scope.procedure = new URL(request.url).pathname.slice(TRPC_PATH.length + 1);
  scope.route = trpcRouteTemplate(scope.procedure);
  return handleApiRequest(request, { requestId: scope.requestId, methods: "GET, POST" }, (req) =>
    fetchRequestHandler({
      endpoint: TRPC_PATH,
      req,
      router: appRouter,
      // Bounded batches: every call in a batch costs server work and counts against the rate limit.
      maxBatchSize: MAX_BATCH_SIZE,
      onError: logUnexpectedError,
      createContext: ({ req, resHeaders }) => contextFor(req, resHeaders),
    }),
  );
}

function rest(request: Request, scope: RequestScope): Promise<Response> {
  const { requestId } = scope;
  return handleApiRequest(request, { requestId, methods: "GET, POST, PATCH, DELETE" }, (req) =>
    handleRestRequest({
      req,
      requestId,
      createContext: (resHeaders) => contextFor(req, resHeaders),
    }),
  );
}

async function dispatch(req: Request, scope: RequestScope): Promise<Response> {
  const { pathname } = new URL(req.url);
  // Only /api/v1 accepts a trailing slash; elsewhere the canonical URL is the one without.
  if (pathname === `${HEALTH_PATH}/`)
    return new Response(null, { status: 308, headers: { location: HEALTH_PATH } });
  if (pathname === HEALTH_PATH) {
    scope.route = HEALTH_PATH;
    if (req.method !== "GET" && req.method !== "HEAD")
      return httpErrorResponse("METHOD_NOT_SUPPORTED", scope.requestId, undefined, {
        allow: "GET, HEAD",
      });
    return withProbeLimit(scope, HEALTH_PATH, () => health(scope.requestId));
  }
  if (pathname === METRICS_PATH) {
    scope.route = METRICS_PATH;
    // Probe tier: a scraper every few seconds is fine; guessing the token by volume is not.
    return withProbeLimit(scope, METRICS_PATH, () => metricsEndpoint(req, scope.requestId));
  }
  // A trailing slash is accepted on every REST path, this one included.
  if (
    pathname.replace(/\/$/, "") === OPENAPI_PATH &&
    (req.method === "GET" || req.method === "HEAD")
  ) {
    scope.route = OPENAPI_PATH;
    return Response.json(restOpenApiDocument());
  }
  const res = pathname.startsWith(`${TRPC_PATH}/`)
    ? await trpc(req, scope)
    : await rest(req, scope);
  return countIfUncounted(req, scope, res);
}

/**
 * Reads that run no procedure (the health check here, next-auth's session reads in its route)
 * count against the generous probe tier per client IP (checkProbeLimit).
 */
export async function withProbeLimit(
  scope: RequestScope,
  path: string,
  handle: () => Promise<Response>,
): Promise<Response> {
  const limit = await checkProbeLimit({
    ip: scope.ip,
    requestId: scope.requestId,
    db: getDb(),
    path,
  });
  if (!limit.allowed)
    return httpErrorResponse("TOO_MANY_REQUESTS", scope.requestId, limit.message, limit.headers);
  const res = await handle();
  const headers = new Headers(res.headers);
  for (const [name, value] of Object.entries(limit.headers)) headers.set(name, value);
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}

/**
 * A refusal that no procedure counted (an unknown tRPC procedure, an unreadable or oversized
 * body or batch) still cost the server work: it counts against the caller's ordinary bucket
 * like any call, and once that is spent the answer is the 429 instead.
 */
async function countIfUncounted(req: Request, scope: RequestScope, res: Response) {
  // Only refusals (4xx): a 5xx is our failure, and counting it needs the very database that
  // may be the thing that failed. Counting never turns an answer into a crash either.
  if (res.status < 400 || res.status >= 500 || scope.counted) return res;
  const outcome = await countRefusedRequest(
    await contextFor(req, new Headers()),
    scope.procedure ? `trpc ${scope.procedure}` : new URL(req.url).pathname,
  ).catch((error: unknown) => {
    getLogger().error(
      { requestId: scope.requestId, err: error },
      "could not count a refused request; answered it as it was",
    );
    return null;
  });
  if (!outcome || outcome.allowed) return res;
  await res.body?.cancel();
  return httpErrorResponse(
    outcome.status === 503 ? "SERVICE_UNAVAILABLE" : "TOO_MANY_REQUESTS",
    scope.requestId,
    outcome.message,
    outcome.headers,
  );
}

/** The API: every method of every path isApiPath() accepts. */
export function handleApi(req: Request): Promise<Response> {
  return withApiEdge(req, (scope) => dispatch(req, scope));
}
