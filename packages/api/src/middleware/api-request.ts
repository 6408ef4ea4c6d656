// What every API request (/api/trpc and /api/v1) passes through around its handler, in
// this order: CORS preflight, the body cap (413 before anything parses the body; the one
// place a body is capped), then the handler, then CORS headers on the answer. An
// exception that escapes the handler becomes the generic 500 envelope, never a stack.
// The request scope (id, address, log line) is opened before this by the edge.
import { httpErrorResponse, UNAVAILABLE_RETRY_SECONDS } from "../errors";
import { RATE_LIMIT_HEADERS } from "../limits";
import { getLogger } from "../logger";
import { withHeaders } from "../response-headers";
import { bodyLimitFor } from "../rest/routes";
import { withCappedBody } from "./body-limit";
import { corsHeaders, preflightResponse } from "./origin";

export interface ApiRequestOptions {
  requestId: string;
  /** Methods the route serves, for Allow and the preflight answer, e.g. "GET, POST". */
  methods: string;
}

export async function handleApiRequest(
  req: Request,
  options: ApiRequestOptions,
  handle: (req: Request) => Promise<Response>,
): Promise<Response> {
  const { requestId } = options;
  if (req.method === "OPTIONS") return preflightResponse(req, options.methods, requestId);
  let res: Response;
  try {
    const capped = await withCappedBody(req, bodyLimitFor(req.method, new URL(req.url).pathname));
    res = capped ? await handle(capped) : httpErrorResponse("PAYLOAD_TOO_LARGE", requestId);
  } catch (error) {
    getLogger().error({ requestId, err: error }, "unhandled error in API route");
    res = httpErrorResponse("INTERNAL_SERVER_ERROR", requestId);
  }
  const headers: [string, string][] = [...corsHeaders(req), ["x-request-id", requestId]];
  // Every 503 says when to come back; the limiter's and the hasher's name their own wait.
  if (res.status === 503 && !res.headers.has(RATE_LIMIT_HEADERS.retryAfter))
    headers.push([RATE_LIMIT_HEADERS.retryAfter, String(UNAVAILABLE_RETRY_SECONDS)]);
  return withHeaders(res, headers);
}
