// The REST surface: trpc-to-openapi's fetch adapter runs the very procedures tRPC runs
// (same context, auth, limits, errorFormatter); this file only shapes HTTP around it to
// the contract: 201/204 success statuses, the error envelope, 404/405 for unknown routes
// and methods, the body-size cap, and the rate-limit headers the procedures set.
import { createOpenApiFetchHandler } from "trpc-to-openapi";
import type { Context } from "../context";
import { errorEnvelope, httpErrorResponse, isErrorCode, type ErrorBody } from "../errors";
import { readBodyCapped } from "../middleware/body-limit";
import { logUnexpectedError } from "../middleware/logging";
import { appRouter } from "../root";
import type { ErrorData } from "../trpc";
import { matchRestRoute, REST_BASE_PATH } from "./routes";

export interface RestRequestOptions {
  req: Request;
  /** The id the web layer gave this request; every answer, errors included, carries it. */
  requestId: string;
  /** Builds the same Context the tRPC endpoint builds; procedures add rate-limit headers to `resHeaders`. */
  createContext: (resHeaders: Headers) => Promise<Context>;
}

function withHeaders(res: Response, headers: Headers): Response {
  for (const [name, value] of headers) res.headers.set(name, value);
  return res;
}

/** Turns the adapter's tRPC-shaped error body into the contract envelope, status from the errorFormatter's httpStatus. */
async function toEnvelope(res: Response, requestId: string, headers: Headers): Promise<Response> {
  const shape = (await res.json().catch(() => null)) as { data?: Partial<ErrorData> } | null;
  const data = shape?.data;
  if (
    !data?.code ||
    !isErrorCode(data.code) ||
    typeof data.message !== "string" ||
    typeof data.httpStatus !== "number"
  ) {
    return withHeaders(httpErrorResponse("INTERNAL_SERVER_ERROR", requestId), headers);
  }
  // The adapter may fail before the context exists (bad JSON, wrong content type), when the
  // formatter has no request id; the web layer's id is the one in X-Request-Id either way.
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

  let body: Uint8Array<ArrayBuffer> | undefined;
  if (method !== "GET" && method !== "DELETE") {
    const read = await readBodyCapped(req);
    if (!read) return httpErrorResponse("PAYLOAD_TOO_LARGE", requestId);
    body = read;
  }
  let target = req.url;
  if (method === "DELETE" && route.meta.deleteBody) {
    // trpc-to-openapi reads a DELETE's input from the query string only. Secrets (a password,
    // a code) must not travel in a URL, so the client sends a JSON body and it is handed to the
    // adapter as query parameters of this in-process request, which nothing logs.
    const read = await readBodyCapped(req);
    if (!read) return httpErrorResponse("PAYLOAD_TOO_LARGE", requestId);
    let parsed: unknown = {};
    try {
      const text = new TextDecoder().decode(read);
      if (text.trim()) parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
      return httpErrorResponse("BAD_REQUEST", requestId, "The request body is not valid JSON.");
    const inner = new URL(req.url);
    for (const [key, value] of Object.entries(parsed as Record<string, unknown>))
      inner.searchParams.set(key, typeof value === "string" ? value : JSON.stringify(value));
    target = inner.toString();
  }
  const forwarded = new Request(target, {
    method,
    headers: req.headers,
    body,
    signal: req.signal,
  });

  const resHeaders = new Headers();
  const res = await createOpenApiFetchHandler({
    endpoint: REST_BASE_PATH,
    req: forwarded,
    router: appRouter,
    createContext: () => createContext(resHeaders),
    onError: logUnexpectedError,
    // 204 is set below, not here: the adapter would build `new Response(json, { status: 204 })`,
    // which throws for a procedure that returns something (token revoke) and turns success into a 500.
    responseMeta: ({ errors }) =>
      errors.length || route.successStatus === 204 ? {} : { status: route.successStatus },
  });

  if (res.status >= 400) return toEnvelope(res, requestId, resHeaders);
  resHeaders.set("x-request-id", requestId);
  if (route.successStatus === 204 || req.method === "HEAD") {
    // 204 has no body by definition: what the procedure returned (e.g. the revoked token) is not sent.
    return new Response(null, { status: route.successStatus, headers: resHeaders });
  }
  resHeaders.set("content-type", "application/json; charset=utf-8");
  return new Response(res.body, { status: res.status, headers: resHeaders });
}
