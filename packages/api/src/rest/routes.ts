// The REST route table, read from the procedures' own `openapi` meta (the same table
// trpc-to-openapi routes by), so the 404/405 answers and the document cannot drift apart.
import {
  forEachOpenApiProcedure,
  getPathRegExp,
  normalizePath,
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
}

/** Where the REST surface is mounted. */
export const REST_BASE_PATH = "/api/v1";

let cached: RestRoute[] | undefined;

export function restRoutes(): RestRoute[] {
  if (cached) return cached;
  const routes: RestRoute[] = [];
  forEachOpenApiProcedure(appRouter._def.procedures, ({ path, meta }) => {
    const { openapi, successStatus } = meta as Meta & { openapi: NonNullable<Meta["openapi"]> };
    const route = normalizePath(openapi.path);
    routes.push({
      method: openapi.method,
      path: route,
      procedure: path,
      successStatus: successStatus ?? 200,
      pattern: getPathRegExp(route),
      meta,
    });
  });
  return (cached = routes);
}

export type RouteMatch =
  | { kind: "route"; route: RestRoute }
  | { kind: "method-not-allowed"; allow: string[] }
  | { kind: "not-found" };

/** `path` is relative to the base path; a trailing slash is ignored, as the adapter does. */
export function matchRestRoute(method: string, path: string): RouteMatch {
  const normalized = normalizePath(path);
  const onPath = restRoutes().filter((r) => r.pattern.test(normalized));
  if (!onPath.length) return { kind: "not-found" };
  const route = onPath.find((r) => r.method === method);
  if (route) return { kind: "route", route };
  return { kind: "method-not-allowed", allow: [...new Set(onPath.map((r) => r.method))] };
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
