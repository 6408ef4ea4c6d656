// The one context factory of the web layer: the API handler (both the production server's
// direct path and the route handlers) and server components build their procedure context
// here, from this request's headers and scope. No fake Requests.
import { createContext, type Context } from "@taskfort/api";
import { getDb } from "@taskfort/db";
import { pageRequestScope } from "./request-scope";
import { getSessionRefFromHeaders } from "./session";

export interface RequestContextOptions {
  headers: Headers;
  /** The API request (its Authorization token and, for the CSRF check, its origin); absent for pages. */
  request?: Request;
  /** Where procedures put response headers (rate limits); absent for pages. */
  resHeaders?: Headers;
}

export async function requestContext(opts: RequestContextOptions): Promise<Context> {
  const { ip, requestId } = pageRequestScope(opts.headers);
  return createContext({
    db: getDb(),
    // Pages are browser navigations: a session or nothing. Tokens are for the API.
    authorization: opts.request ? opts.headers.get("authorization") : null,
    session: await getSessionRefFromHeaders(opts.headers),
    ip,
    requestId,
    userAgent: opts.headers.get("user-agent"),
    resHeaders: opts.resHeaders ?? null,
    request: opts.request ?? null,
  });
}
