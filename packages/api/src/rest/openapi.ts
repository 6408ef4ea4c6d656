// The OpenAPI document of the REST surface, generated from the procedures (their Zod
// inputs and outputs, their `openapi` meta) by trpc-to-openapi. The generator knows only
// tRPC's shapes (200 on success, its own error body), so the responses are rewritten
// here to what handler.ts really sends: the contract's statuses, one shared error
// envelope, X-Request-Id and the rate-limit headers.
import { generateOpenApiDocument, type OpenAPIObject } from "trpc-to-openapi";
import { z } from "zod";
import { errorMessages, errorStatus, type ErrorCode } from "../errors";
import { RATE_LIMIT_HEADERS } from "../limits";
import { appRouter } from "../root";
import type { Meta } from "../trpc";
import { REST_BASE_PATH, restRoutes } from "./routes";

type Operation = NonNullable<NonNullable<OpenAPIObject["paths"]>[string]["get"]>;
type Responses = NonNullable<Operation["responses"]>;

/** The production name; outside production next-auth drops the `__Secure-` prefix. */
export const SESSION_COOKIE_NAME = "__Secure-next-auth.session-token";

const errorCodes = Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]];

export const errorEnvelopeSchema = z
  .object({
    error: z.object({
      code: z.enum(errorCodes),
      message: z.string().meta({
        description: "For people; verbatim from the contract for validation and throttling.",
      }),
      fields: z.record(z.string(), z.array(z.string())).optional().meta({
        description: 'Field errors by field name ("_" for the whole body); only on BAD_REQUEST.',
      }),
      requestId: z.string().meta({ description: "Equal to the X-Request-Id response header." }),
    }),
  })
  .meta({
    description: "Every failure has this shape.",
    example: {
      error: {
        code: "BAD_REQUEST",
        message: "Some fields are not valid.",
        fields: { title: ["Title must be at least 3 characters long."] },
        requestId: "3f0c…",
      },
    },
  });

const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });
const commonHeaders = {
  "X-Request-Id": headerRef("X-Request-Id"),
  [RATE_LIMIT_HEADERS.limit]: headerRef(RATE_LIMIT_HEADERS.limit),
  [RATE_LIMIT_HEADERS.remaining]: headerRef(RATE_LIMIT_HEADERS.remaining),
  [RATE_LIMIT_HEADERS.reset]: headerRef(RATE_LIMIT_HEADERS.reset),
};

const headers = {
  "X-Request-Id": {
    description: "The server's id for this request (logs and error bodies quote it).",
    schema: { type: "string" as const },
  },
  [RATE_LIMIT_HEADERS.limit]: {
    description: "Requests allowed in the current window.",
    schema: { type: "integer" as const },
  },
  [RATE_LIMIT_HEADERS.remaining]: {
    description: "Requests left in the current window.",
    schema: { type: "integer" as const },
  },
  [RATE_LIMIT_HEADERS.reset]: {
    description: "Unix time (seconds) when the current window ends.",
    schema: { type: "integer" as const },
  },
  [RATE_LIMIT_HEADERS.retryAfter]: {
    description: "Seconds to wait before retrying.",
    schema: { type: "integer" as const },
  },
};

const errorDescriptions: Partial<Record<number, string>> = {
  400: "The input is not valid (`fields` says which and why), or the body is not JSON.",
  401: "Not signed in, or the API token is unknown, expired or revoked.",
  403: "Signed in but not allowed (missing token scope, not an admin, or a cross-site cookie request).",
  404: "Not found (another user's resource is not found either).",
  409: "Conflicts with existing data.",
  413: "The body is larger than 100 KB.",
  415: "The body must be application/json.",
  429: "Rate limit exceeded: retry after `Retry-After` seconds.",
  500: "Unexpected failure; quote the request id.",
  503: "A service this request needs is unavailable; retry shortly.",
};

function errorResponse(status: number) {
  const code = errorCodes.find((c) => errorStatus[c] === status);
  return {
    description: errorDescriptions[status] ?? (code ? errorMessages[code] : "Error"),
    headers:
      status === 429 || status === 503
        ? {
            ...commonHeaders,
            [RATE_LIMIT_HEADERS.retryAfter]: headerRef(RATE_LIMIT_HEADERS.retryAfter),
          }
        : commonHeaders,
    content: { "application/json": { schema: { $ref: "#/components/schemas/ErrorEnvelope" } } },
  };
}

/** Which failures an operation can answer with, from what it is (body? path id? protected? auth tier?). */
function errorStatusesOf(method: string, path: string, meta: Meta, hasInput: boolean): number[] {
  const withBody = method !== "GET" && method !== "DELETE";
  const statuses = new Set<number>([401, 429, 500]);
  if (hasInput) statuses.add(400);
  if (meta.openapi?.protect !== false || withBody) statuses.add(403);
  if (path.includes("{")) statuses.add(404);
  if (withBody) [400, 413, 415].forEach((s) => statuses.add(s));
  if (meta.rateLimit === "auth") statuses.add(503);
  const declared = meta.openapi?.errorResponses;
  for (const s of Array.isArray(declared) ? declared : Object.keys(declared ?? {}))
    statuses.add(Number(s));
  return [...statuses].sort();
}

/** A deleteBody DELETE (see handler.ts) takes a JSON body: document its input as one, not as query parameters. */
function documentDeleteBody(op: Operation): void {
  const query = (op.parameters ?? []).flatMap((p) => ("in" in p && p.in === "query" ? [p] : []));
  op.parameters = (op.parameters ?? []).filter((p) => !("in" in p && p.in === "query"));
  op.requestBody = {
    required: true,
    content: {
      "application/json": {
        schema: {
          type: "object",
          properties: Object.fromEntries(query.map((p) => [p.name, p.schema ?? {}])),
          required: query.filter((p) => p.required).map((p) => p.name),
          additionalProperties: false,
        },
      },
    },
  };
}

function buildDocument(): OpenAPIObject {
  const doc = generateOpenApiDocument(appRouter, {
    title: "Taskfort REST API",
    version: "1.0.0",
    description:
      "The same procedures as the app's tRPC API. Authenticate scripts with `Authorization: Bearer <token>` " +
      "(get one from `POST /auth/login` or the tokens page); the browser's session cookie works too.",
    baseUrl: REST_BASE_PATH,
    securitySchemes: {
      bearerAuth: {
        type: "http",
        scheme: "bearer",
        description: "An API token. `Authorization: Token <token>` is accepted too.",
      },
      sessionCookie: {
        type: "apiKey",
        in: "cookie",
        name: SESSION_COOKIE_NAME,
        description: "The web app's session (cross-site state changes are refused).",
      },
    },
    defs: { ErrorEnvelope: errorEnvelopeSchema },
  });

  for (const route of restRoutes()) {
    const op = doc.paths?.[route.path]?.[route.method.toLowerCase() as "get"];
    if (!op) throw new Error(`OpenAPI document lacks ${route.method} ${route.path}`);
    const { meta } = route;
    const generated = op.responses?.["200"] as { content?: unknown } | undefined;
    const responses: Responses = {
      [route.successStatus]:
        route.successStatus === 204
          ? { description: "Done; no body.", headers: commonHeaders }
          : {
              description: route.successStatus === 201 ? "Created." : "OK.",
              headers: commonHeaders,
              content: generated?.content,
            },
    };
    const hasInput = Boolean(
      op.requestBody || op.parameters?.length || (op as { requestParams?: unknown }).requestParams,
    );
    for (const status of errorStatusesOf(route.method, route.path, meta, hasInput))
      responses[status] = { $ref: `#/components/responses/Error${status}` };
    op.responses = responses;
    if (meta.deleteBody) documentDeleteBody(op);
    // Token endpoints and the admin area are session-only: API tokens (no scope in meta) are refused there.
    if (op.security)
      op.security = meta.scope
        ? [{ bearerAuth: [] }, { sessionCookie: [] }]
        : [{ sessionCookie: [] }];
  }

  const used = new Set(
    Object.values(doc.paths ?? {}).flatMap((item) =>
      Object.values(item).flatMap((o) => Object.keys((o as Operation).responses ?? {})),
    ),
  );
  // The generator's own tRPC-shaped error schemas ("error.BAD_REQUEST", …) are referenced by nothing now.
  const schemas = Object.fromEntries(
    Object.entries(doc.components?.schemas ?? {}).filter(([name]) => !name.startsWith("error.")),
  );
  doc.components = {
    ...doc.components,
    schemas,
    headers,
    responses: Object.fromEntries(
      [...used]
        .filter((s) => Number(s) >= 400)
        .sort()
        .map((s) => [`Error${s}`, errorResponse(Number(s))]),
    ),
  };
  return doc;
}

let cached: OpenAPIObject | undefined;

/** The document served at /api/v1/openapi.json (built once per process: the procedures do not change at run time). */
export function restOpenApiDocument(): OpenAPIObject {
  return (cached ??= buildDocument());
}
