// The REST surface: trpc-to-openapi's fetch adapter runs the very procedures tRPC runs
// (same context, auth, limits, errorFormatter); this file only shapes HTTP around it to
// the contract: 201/204 success statuses, the error envelope, 404/405 for unknown routes
// and methods, and the rate-limit headers the procedures set. The body arrives already
// capped (middleware/api-request.ts).
import type { TRPCError } from "@trpc/server";
import { createOpenApiFetchHandler } from "trpc-to-openapi";
import type { Context } from "../context";
import { errorEnvelope, httpErrorResponse, type ErrorBody } from "../errors";
import { logUnexpectedError } from "../middleware/logging";
import { appRouter } from "../root";
import { formattedErrorData } from "../trpc";
import { matchRestRoute, REST_BASE_PATH } from "./routes";

export interface RestRequestOptions {
  req: Request;
  /** The id the edge gave this request; every answer, errors included, carries it. */
  requestId: string;
  /** Builds the same Context the tRPC endpoint builds; procedures add rate-limit headers to `resHeaders`. */
  createContext: (resHeaders: Headers) => Promise<Context>;
}

function withHeaders(res: Response, headers: Headers): Response {
  for (const [name, value] of headers) res.headers.set(name, value);
  return res;
}

/** The contract envelope from the errorFormatter's own data for the error the adapter reported. */
function toEnvelope(error: TRPCError | undefined, requestId: string, headers: Headers): Response {
  const data = error && formattedErrorData(error);
  if (!data) return withHeaders(httpErrorResponse("INTERNAL_SERVER_ERROR", requestId), headers);
  // The adapter may fail before the context exists (bad JSON, wrong content type), when the
  // formatter has no request id; the edge's id is the one in X-Request-Id either way.
  const body: ErrorBody = { code: data.code, message: data.message, requestId };
  if (data.fields) body.fields = data.fields;
  headers.set("content-type", "application/json; charset=utf-8");
  headers.set("x-request-id", requestId);
  return new Response(JSON.stringify(errorEnvelope(body)), { status: data.httpStatus, headers });
}

export async function handleRestRequest({
  req,
  requestId,
  createContext,
}: RestRequestOptions): Promise<Response> {
  const url = new URL(req.url);
  // HEAD is GET without the body (RFC 9110), so it needs no routes of its own.
  const method = req.method === "HEAD" ? "GET" : req.method;
  const match = matchRestRoute(method, url.pathname.slice(REST_BASE_PATH.length));
  if (match.kind === "not-found")
    return httpErrorResponse(
      "NOT_FOUND",
      requestId,
      `No such endpoint. The API is described at ${REST_BASE_PATH}/openapi.json.`,
    );
  if (match.kind === "method-not-allowed") {
    return httpErrorResponse(
      "METHOD_NOT_SUPPORTED",
      requestId,
      `Use ${match.allow.join(" or ")} on this path.`,
      { allow: match.allow.join(", ") },
    );
  }
  const { route } = match;

  const forwarded =
    method === req.method
      ? req
      : new Request(req.url, { method, headers: req.headers, signal: req.signal });

  const resHeaders = new Headers();
  let failure: TRPCError | undefined;
  const res = await createOpenApiFetchHandler({
    endpoint: REST_BASE_PATH,
    req: forwarded,
    router: appRouter,
    createContext: () => createContext(resHeaders),
    onError: (opts) => {
      failure = opts.error;
      logUnexpectedError(opts);
    },
    // 204 is set below, not here: the adapter would build `new Response(json, { status: 204 })`,
    // which throws for a procedure that returns something (token revoke) and turns success into a 500.
    responseMeta: ({ errors }) =>
      errors.length || route.successStatus === 204 ? {} : { status: route.successStatus },
  });

  if (res.status >= 400) {
    await res.body?.cancel();
    return toEnvelope(failure, requestId, resHeaders);
  }
  resHeaders.set("x-request-id", requestId);
  if (route.successStatus === 204 || req.method === "HEAD") {
    // 204 has no body by definition: what the procedure returned (e.g. the revoked token) is not sent.
    await res.body?.cancel();
    return new Response(null, { status: route.successStatus, headers: resHeaders });
  }
  resHeaders.set("content-type", "application/json; charset=utf-8");
  return new Response(res.body, {
    status: res.status,
    statusText: res.statusText,
    headers: resHeaders,
  });
}
