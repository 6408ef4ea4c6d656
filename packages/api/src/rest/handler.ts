// The REST surface: trpc-to-openapi's fetch adapter runs the very procedures tRPC runs
// (same context, auth, limits, errorFormatter); this file only shapes HTTP around it to
// the contract: 201/204 success statuses, the error envelope, 404/405 for unknown routes
// and methods, and the rate-limit headers the procedures set. The body arrives already
// capped (middleware/api-request.ts).
import { TRPCError } from "@trpc/server";
import { createOpenApiNodeHttpHandler } from "trpc-to-openapi";
import type { Context } from "../context";
import { errorEnvelope, httpErrorResponse, type ErrorBody } from "../errors";
import { logUnexpectedError } from "../middleware/logging";
import { appRouter } from "../root";
import { currentRequest } from "../request-scope";
import { withHeaders } from "../response-headers";
import { formattedErrorData } from "../trpc";
import { countRefusedRequest } from "../middleware/rate-limit";
import { matchRestRoute, REST_BASE_PATH, restRoutes, unknownQueryParameters } from "./routes";

/** The one body type the REST surface reads: exactly application/json (parameters such as charset allowed). */
export function isJsonContentType(value: string | null): boolean {
  return value?.split(";")[0]?.trim().toLowerCase() === "application/json";
}

export interface RestRequestOptions {
  req: Request;
  /** The id the web layer gave this request; every answer, errors included, carries it. */
  requestId: string;
  /** Builds the same Context the tRPC endpoint builds; procedures add rate-limit headers to `resHeaders`. */
  createContext: (resHeaders: Headers) => Promise<Context>;
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

/** A JSON body, parsed once here; a body that does not parse is the adapter's to refuse (PARSE_ERROR). */
type JsonBody = { ok: true; data: unknown } | { ok: false; cause: unknown };

function parseJsonBody(bytes: Uint8Array): JsonBody {
  try {
    return { ok: true, data: JSON.parse(new TextDecoder().decode(bytes)) };
  } catch (cause) {
    return { ok: false, cause };
  }
}

/** Path parameters ("{id}") that the JSON body also names. */
function pathParametersInBody(path: string, body: JsonBody): string[] {
  const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  if (!names.length || !body.ok) return [];
  const parsed = body.data;
  return parsed && typeof parsed === "object" && !Array.isArray(parsed)
    ? names.filter((name) => Object.hasOwn(parsed, name))
    : [];
}

/** A copy of the headers saying the body is now `type` (its length is no longer the client's). */
function withContentType(headers: Headers, type: string): Headers {
  const copy = new Headers(headers);
  copy.set("content-type", type);
  copy.delete("content-length");
  return copy;
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
  // Already capped (middleware/api-request.ts).
  const read = new Uint8Array(await req.arrayBuffer());
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

/** What one request hands the shared adapter (see openApiHandler). */
interface RequestState {
  createContext: () => Promise<Context>;
  onFailure: (error: TRPCError) => void;
}

const requestStates = new WeakMap<object, RequestState>();

function stateOf(req: unknown): RequestState {
  const state = requestStates.get(req as object);
  if (!state) throw new Error("REST adapter called without a request state");
  return state;
}

/** Success status per procedure, for responseMeta (which sees the procedure's path, not the request). */
let successStatuses: Map<string, number> | undefined;
function successStatusOf(procedure: string | undefined): number | undefined {
  successStatuses ??= new Map(restRoutes().map((r) => [r.procedure, r.successStatus]));
  return procedure === undefined ? undefined : successStatuses.get(procedure);
}

/**
 * trpc-to-openapi's node handler, built once. Its fetch adapter (createOpenApiFetchHandler)
 * builds a new one per request, which rebuilds the table of every route's pattern each
 * time: a measurable share of a REST request. This is that adapter's request/response
 * bridging with the handler kept; per-request callbacks are looked up by the request.
 */
let openApiHandler: ReturnType<typeof createOpenApiNodeHttpHandler> | undefined;
function sharedOpenApiHandler() {
  openApiHandler ??= createOpenApiNodeHttpHandler({
    router: appRouter,
    createContext: ({ req }: { req: unknown }) => stateOf(req).createContext(),
    onError: (opts: Parameters<typeof logUnexpectedError>[0] & { req: unknown }) => {
      stateOf(opts.req).onFailure(opts.error);
      logUnexpectedError(opts);
    },
    // 204 is set by handleRestRequest, not here: the adapter would build a 204 with a JSON
    // body for a procedure that returns something (token revoke), which throws.
    responseMeta: ({ errors, paths }: { errors: unknown[]; paths?: readonly string[] }) => {
      const status = successStatusOf(paths?.[0]);
      return errors.length || status === undefined || status === 204 ? {} : { status };
    },
  });
  return openApiHandler;
}

/** What the adapter is handed instead of the client's request line, headers and body. */
interface Forward {
  /** The URL without the base path (the adapter's routes are relative to it). */
  url: string;
  method: string;
  headers: Headers;
  /** Read and parsed by handleRestRequest (undefined: the adapter reads the query instead). */
  body: JsonBody | undefined;
}

/**
 * The request through the shared node handler (what createOpenApiFetchHandler does per
 * call), answered with the status and JSON text the adapter wrote. The client's Request is
 * handed over behind a proxy, not copied: the adapter reads its signal (and `instanceof
 * Request`), and our url, method, headers and already parsed body.
 */
async function runOpenApi(
  req: Request,
  forward: Forward,
  state: RequestState,
): Promise<{ status: number; text: string | undefined }> {
  const proxy = new Proxy(req, {
    get: (target, prop) => {
      if (prop === "url") return forward.url;
      if (prop === "method") return forward.method;
      if (prop === "headers") return forward.headers;
      if (prop === "body") {
        if (forward.body && !forward.body.ok)
          throw new TRPCError({
            code: "PARSE_ERROR",
            message: "Failed to parse request body",
            cause: forward.body.cause,
          });
        return forward.body?.data;
      }
      return target[prop as keyof Request];
    },
  });
  requestStates.set(proxy, state);
  return new Promise((resolve, reject) => {
    let statusCode = 200;
    const res = {
      // The answer's headers are handleRestRequest's own (the adapter sets only Content-Type).
      setHeader: () => {},
      get statusCode() {
        return statusCode;
      },
      set statusCode(code: number) {
        statusCode = code;
      },
      end: (text?: string) => resolve({ status: statusCode, text }),
    };
    sharedOpenApiHandler()(proxy as never, res as never).catch(reject);
  });
}

export async function handleRestRequest({
  req,
  requestId,
  createContext,
}: RestRequestOptions): Promise<Response> {
  const url = new URL(req.url);
  // HEAD is GET without the body (RFC 9110), so it needs no routes of its own.
  const method = req.method === "HEAD" ? "GET" : req.method;
  const resHeaders = new Headers();
  // Whether a procedure (and so its rate-limit middleware) got to run: the adapter calls
  // createContext right before the procedure, and not at all when it refuses the request.
  let contextCreated = false;
  const context = () => {
    contextCreated = true;
    return createContext(resHeaders);
  };
  // Refusals before any procedure still count against the caller's limit (see countRefusedRequest).
  const refuse = async (refusal: Response, path: string): Promise<Response> => {
    const outcome = await countRefusedRequest(await context(), `rest ${method} ${path}`);
    if (!outcome.allowed) {
      return withHeaders(
        httpErrorResponse(
          outcome.status === 503 ? "SERVICE_UNAVAILABLE" : "TOO_MANY_REQUESTS",
          requestId,
          outcome.message,
          outcome.headers,
        ),
        resHeaders,
      );
    }
    return withHeaders(refusal, resHeaders);
  };

  const match = matchRestRoute(method, url.pathname.slice(REST_BASE_PATH.length));
  // The metrics label: the documented template, never the path with its ids.
  const scope = currentRequest();
  if (scope && match.kind !== "not-found")
    scope.route = REST_BASE_PATH + (match.kind === "route" ? match.route.path : match.path);
  if (match.kind === "not-found")
    return refuse(
      httpErrorResponse(
        "NOT_FOUND",
        requestId,
        `No such endpoint. The API is described at ${REST_BASE_PATH}/openapi.json.`,
      ),
      "(unknown path)",
    );
  if (match.kind === "method-not-allowed") {
    return refuse(
      httpErrorResponse(
        "METHOD_NOT_SUPPORTED",
        requestId,
        `Use ${match.allow.join(" or ")} on this path.`,
        { allow: match.allow.join(", ") },
      ),
      "(unsupported method)",
    );
  }
  const { route } = match;

  // Unknown query parameters are refused like unknown body fields, before the adapter's
  // query parser (which threw on names such as "toString" and answered 500, uncounted).
  const unknown = unknownQueryParameters(route, url.searchParams);
  if (unknown.length) {
    const fields: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
    for (const key of unknown) fields[key] = [`Unknown query parameter "${key}".`];
    return refuse(
      httpErrorResponse(
        "BAD_REQUEST",
        requestId,
        "Some query parameters are not valid.",
        {},
        fields,
      ),
      route.path,
    );
  }
  const forward: Forward = {
    url: url.href.replace(REST_BASE_PATH, ""),
    method,
    headers: req.headers,
    body: undefined,
  };
  if (route.meta.deleteBody) {
    const moved = await deleteBodyAsQuery(req, url, requestId);
    if (moved instanceof Response) return moved;
    forward.url = moved.replace(REST_BASE_PATH, "");
  } else if (method !== "GET" && method !== "DELETE") {
    // Already capped (middleware/api-request.ts): the body is read here, never capped again.
    const bytes = new Uint8Array(await req.arrayBuffer());
    if (bytes.byteLength === 0 && !req.headers.has("content-type")) {
      // A POST with no body at all (POST /tasks/{id}/restore) is an empty JSON object, not a 415.
      forward.body = { ok: true, data: {} };
      forward.headers = withContentType(req.headers, "application/json");
    } else if (route.meta.largeBody && isCsv(req.headers.get("content-type"))) {
      // The import also takes its CSV export as it is: handed to the procedure as `{ "csv": text }`.
      const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
      forward.body = { ok: true, data: { csv: text } };
      forward.headers = withContentType(req.headers, "application/json");
    } else {
      // The adapter accepts any type that starts with "application/json" ("application/jsonx",
      // "application/json, text/plain"); the contract's body is JSON and nothing else.
      if (!isJsonContentType(req.headers.get("content-type")))
        return refuse(httpErrorResponse("UNSUPPORTED_MEDIA_TYPE", requestId), route.path);
      forward.body = parseJsonBody(bytes);
    }
    // The adapter lets path parameters overwrite body fields of the same name, so a body
    // `id` on PATCH /tasks/{id} was silently ignored; it is refused like any unknown field.
    const shadowed = pathParametersInBody(route.path, forward.body);
    if (shadowed.length) {
      const fields: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
      for (const key of shadowed) fields[key] = [`Unknown field "${key}".`];
      return refuse(
        httpErrorResponse("BAD_REQUEST", requestId, "Some fields are not valid.", {}, fields),
        route.path,
      );
    }
  }
  let failure: TRPCError | undefined;
  const answer = await runOpenApi(req, forward, {
    createContext: context,
    onFailure: (error) => (failure = error),
  });

  if (answer.status >= 400) {
    const envelope = toEnvelope(failure, requestId, resHeaders);
    // Refused by the adapter itself (an unreadable body): no procedure counted it.
    return contextCreated ? envelope : refuse(envelope, route.path);
  }
  resHeaders.set("x-request-id", requestId);
  if (route.successStatus === 204 || req.method === "HEAD") {
    // 204 has no body by definition: what the procedure returned (e.g. the revoked token) is not sent.
    return new Response(null, { status: route.successStatus, headers: resHeaders });
  }
  if (route.meta.download)
    return attachment(JSON.parse(answer.text ?? "null"), answer.status, resHeaders);
  resHeaders.set("content-type", "application/json; charset=utf-8");
  return new Response(answer.text, { status: answer.status, headers: resHeaders });
}
