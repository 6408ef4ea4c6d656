// The REST route table, read from the procedures' own `openapi` meta (the same table
// trpc-to-openapi routes by), so the 404/405 answers and the document cannot drift apart.
import {
  acceptsRequestBody,
  forEachOpenApiProcedure,
  getInputOutputParsers,
  getPathRegExp,
  instanceofZodTypeObject,
  normalizePath,
  unwrapZodType,
  type OpenApiMethod,
} from "trpc-to-openapi";
import { IMPORT_MAX_BODY_BYTES, MAX_BODY_BYTES } from "../limits";
import { appRouter } from "../root";
import type { Meta } from "../trpc";

export interface RestRoute {
  method: OpenApiMethod;
  /** As documented, e.g. "/tasks/{id}" (relative to REST_BASE_PATH). */
  path: string;
  /** The tRPC procedure behind it, e.g. "task.get". */
  procedure: string;
  successStatus: 200 | 201 | 202 | 204;
  pattern: RegExp;
  meta: Meta;
  /**
   * The query parameters this route reads: the fields of its input schema for GET and
   * DELETE, none for routes that take a body. Anything else in the query string is refused
   * (400) like an unknown body field, before the adapter's query parser sees it.
   */
  queryParameters: ReadonlySet<string>;
}

/** Where the REST surface is mounted. */
export const REST_BASE_PATH = "/api/v1";

let cached: RestRoute[] | undefined;

export function restRoutes(): RestRoute[] {
  if (cached) return cached;
  const routes: RestRoute[] = [];
  forEachOpenApiProcedure(appRouter._def.procedures, ({ path, meta, procedure }) => {
    const { openapi, successStatus } = meta as Meta & { openapi: NonNullable<Meta["openapi"]> };
    const route = normalizePath(openapi.path);
    // The same unwrapping the adapter does before it reads the query into the input object.
    const input = unwrapZodType(getInputOutputParsers(procedure).inputParser, true);
    const queryParameters = new Set(
      !acceptsRequestBody(openapi.method) && instanceofZodTypeObject(input)
        ? Object.keys(input.shape)
        : [],
    );
    routes.push({
      method: openapi.method,
      path: route,
      procedure: path,
      successStatus: successStatus ?? 200,
      pattern: getPathRegExp(route),
      meta,
      queryParameters,
    });
  });
  return (cached = routes);
}

export type RouteMatch =
  | { kind: "route"; route: RestRoute }
  | { kind: "method-not-allowed"; allow: string[]; path: string }
  | { kind: "not-found" };

/** `path` is relative to the base path; a trailing slash is ignored, as the adapter does. */
export function matchRestRoute(method: string, path: string): RouteMatch {
  const normalized = normalizePath(path);
  const onPath = restRoutes().filter((r) => r.pattern.test(normalized));
  if (!onPath.length) return { kind: "not-found" };
  const route = onPath.find((r) => r.method === method);
  if (route) return { kind: "route", route };
  return {
    kind: "method-not-allowed",
    allow: [...new Set(onPath.map((r) => r.method))],
    path: onPath[0]!.path,
  };
}

/**
 * Query parameters the route does not read, in order of appearance. A Set lookup, never
 * `key in object`: names like "toString", "constructor" or "__proto__" are ordinary
 * unknown names here (the adapter's own parser threw on them and answered 500).
 */
export function unknownQueryParameters(route: RestRoute, query: URLSearchParams): string[] {
  const unknown = new Set<string>();
  for (const key of query.keys()) if (!route.queryParameters.has(key)) unknown.add(key);
  return [...unknown];
}

/**
 * The body cap for a request: MAX_BODY_BYTES, except on a REST route that allows more
 * (Meta.largeBody: the task import). Decided from the method and path alone, before any
 * of the body is read.
 */
export function bodyLimitFor(method: string, pathname: string): number {
  if (!pathname.startsWith(`${REST_BASE_PATH}/`)) return MAX_BODY_BYTES;
  const match = matchRestRoute(method, pathname.slice(REST_BASE_PATH.length));
  return match.kind === "route" && match.route.meta.largeBody
    ? IMPORT_MAX_BODY_BYTES
    : MAX_BODY_BYTES;
}
