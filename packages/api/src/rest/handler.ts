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
import { bodyLimitFor, matchRestRoute, REST_BASE_PATH } from "./routes";

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

function isCsv(contentType: string | null): boolean {
  return contentType?.split(";")[0]?.trim().toLowerCase() === "text/csv";
}

/** A download procedure's `{ filename, contentType, content }` as the file itself. */
function attachment(output: unknown, status: number, headers: Headers): Response {
  const file = output as { filename: string; contentType: string; content: string };
  headers.set("content-type", file.contentType);
  // The name is ours (ASCII, no quotes), so the plain quoted form is enough.
  // Private data: never kept by a shared cache.
  headers.set("cache-control", "no-store");
  headers.set("content-disposition", `attachment; filename="${file.filename}"`);
  return new Response(file.content, { status, headers });
}

/**
 * trpc-to-openapi reads a DELETE's input from the query string only, but a password must not
 * travel in a URL (URLs end up in logs, history and proxies). A `deleteBody` route therefore
 * takes a JSON object of strings as its body and refuses a query string; the fields are
 * handed to the adapter on the in-process request only.
 */
async function deleteBodyAsQuery(
  req: Request,
  url: URL,
  requestId: string,
): Promise<string | Response> {
  if (url.search)
    return httpErrorResponse(
      "BAD_REQUEST",
      requestId,
      "Send these fields in a JSON body, not in the URL.",
    );
  const read = await readBodyCapped(req);
  if (!read) return httpErrorResponse("PAYLOAD_TOO_LARGE", requestId);
  let parsed: unknown = {};
  if (read.byteLength) {
    try {
      parsed = JSON.parse(new TextDecoder().decode(read));
    } catch {
      return httpErrorResponse("BAD_REQUEST", requestId, "The request body is not valid JSON.");
    }
  }
  const inner = new URL(url);
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
    return httpErrorResponse("BAD_REQUEST", requestId, "The request body must be a JSON object.");
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== "string")
      return httpErrorResponse("BAD_REQUEST", requestId, `"${key}" must be a string.`);
    inner.searchParams.set(key, value);
  }
  return inner.toString();
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
  const headers = new Headers(req.headers);
  let forwardUrl = req.url;
  if (route.meta.deleteBody) {
    const moved = await deleteBodyAsQuery(req, url, requestId);
    if (moved instanceof Response) return moved;
    forwardUrl = moved;
  } else if (method !== "GET" && method !== "DELETE") {
    const read = await readBodyCapped(req, bodyLimitFor(method, url.pathname));
    if (!read) return httpErrorResponse("PAYLOAD_TOO_LARGE", requestId);
    body = read;
    // A POST with no body at all (POST /tasks/{id}/restore) is an empty JSON object, not a 415.
    if (body.byteLength === 0 && !req.headers.has("content-type")) {
      body = new TextEncoder().encode("{}");
      headers.set("content-type", "application/json");
    }
    // The import also takes its CSV export as it is: handed to the procedure as `{ "csv": text }`.
    if (route.meta.largeBody && isCsv(req.headers.get("content-type"))) {
      const text = new TextDecoder("utf-8", { fatal: false }).decode(body);
      body = new TextEncoder().encode(JSON.stringify({ csv: text }));
      headers.set("content-type", "application/json");
      headers.delete("content-length");
    }
  }
  const forwarded = new Request(forwardUrl, {
    method,
    headers,
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
  if (route.meta.download) return attachment(await res.json(), res.status, resHeaders);
  resHeaders.set("content-type", "application/json; charset=utf-8");
  return new Response(res.body, { status: res.status, headers: resHeaders });
}
