// The OpenAPI document of the REST surface, generated from the procedures (their Zod
// inputs and outputs, their `openapi` meta) by trpc-to-openapi. The generator knows only
// tRPC's shapes (200 on success, its own error body), so the responses are rewritten
// here to what handler.ts really sends: the contract's statuses, one shared error
// envelope, X-Request-Id and the rate-limit headers.
import { generateOpenApiDocument, type OpenAPIObject } from "trpc-to-openapi";
import { z } from "zod";
import { errorMessages, errorStatus, type ErrorCode } from "../errors";
import { RATE_LIMIT_HEADERS } from "../limits";
import {
  errorExamples,
  parameterExamples,
  requestBodyExamples,
  REQUEST_ID_EXAMPLE,
} from "./examples";
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
  412: "The task changed since you read it: `If-Match` does not match its current `ETag`. Nothing changed.",
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
    content: {
      "application/json": {
        schema: { $ref: "#/components/schemas/ErrorEnvelope" },
        // Each status its own envelope, so the docs do not show a 400 body under every status.
        example: code
          ? { error: { code, ...errorExamples[code], requestId: REQUEST_ID_EXAMPLE } }
          : undefined,
      },
    },
  };
}

type SchemaLike = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  example?: unknown;
  properties?: Record<string, SchemaLike>;
  items?: SchemaLike;
  anyOf?: SchemaLike[];
  oneOf?: SchemaLike[];
  allOf?: SchemaLike[];
};

/**
 * Swagger UI invents an example from each schema when none is given: for zod's date-time
 * pattern that is a string like "1872-11-01…". Every date-time without an example gets a
 * plausible one.
 */
function addDateTimeExamples(schema: SchemaLike | undefined): void {
  if (!schema || typeof schema !== "object") return;
  if (schema.format === "date-time" && schema.example === undefined)
    schema.example = "2026-11-26T14:02:10.000Z";
  for (const child of Object.values(schema.properties ?? {})) addDateTimeExamples(child);
  addDateTimeExamples(schema.items);
  for (const list of [schema.anyOf, schema.oneOf, schema.allOf]) list?.forEach(addDateTimeExamples);
}

/** Which failures an operation can answer with, from what it is (body? path id? protected? auth tier?). */
function errorStatusesOf(method: string, path: string, meta: Meta, hasInput: boolean): number[] {
  const withBody = method !== "GET" && method !== "DELETE";
  // 503: every operation needs the database, and the auth tier the limiter too.
  const statuses = new Set<number>([401, 429, 500, 503]);
  if (hasInput) statuses.add(400);
  if (meta.openapi?.protect !== false || withBody) statuses.add(403);
  if (path.includes("{")) statuses.add(404);
  if (withBody) [400, 413, 415].forEach((s) => statuses.add(s));
  const declared = meta.openapi?.errorResponses;
  for (const s of Array.isArray(declared) ? declared : Object.keys(declared ?? {}))
    statuses.add(Number(s));
  return [...statuses].sort();
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

  /**
   * The generator documents a DELETE's input as query parameters; a `deleteBody` route takes
   * them as a JSON body instead (a password must not sit in a URL), so the document says that.
   */
  function moveQueryToJsonBody(op: Operation): void {
    type Param = { in?: string; name?: string; required?: boolean; schema?: unknown };
    const params = (op.parameters ?? []) as Param[];
    const query = params.filter((p) => p.in === "query");
    if (!query.length) return;
    op.parameters = params.filter((p) => p.in !== "query") as Operation["parameters"];
    op.requestBody = {
      required: true,
      content: {
        "application/json": {
          schema: {
            type: "object",
            additionalProperties: false,
            properties: Object.fromEntries(query.map((p) => [p.name!, p.schema ?? {}])),
            required: query.filter((p) => p.required).map((p) => p.name!),
          },
        },
      },
    } as unknown as Operation["requestBody"];
  }

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
              description:
                route.successStatus === 201
                  ? "Created."
                  : route.successStatus === 202
                    ? "Accepted."
                    : "OK.",
              headers: commonHeaders,
              content: generated?.content,
            },
    };
    if (meta.deleteBody) moveQueryToJsonBody(op);
    const hasInput = Boolean(
      op.requestBody || op.parameters?.length || (op as { requestParams?: unknown }).requestParams,
    );
    for (const status of errorStatusesOf(route.method, route.path, meta, hasInput))
      responses[status] = { $ref: `#/components/responses/Error${status}` };
    op.responses = responses;

    // A single task comes back with its version as ETag (send it back as If-Match).
    const success = responses[route.successStatus] as {
      description?: string;
      headers?: Record<string, unknown>;
      content?: Record<string, { schema?: SchemaLike }>;
    };
    const successSchema = success.content?.["application/json"]?.schema;
    if (successSchema?.properties?.version && !successSchema.properties.items)
      success.headers = { ...success.headers, ETag: headerRef("ETag") };
    if (meta.download) {
      success.description = "The file, as an attachment (`Content-Disposition`).";
      success.content = {
        "application/json": {
          schema: { type: "object", properties: { tasks: { type: "array" } } },
        },
        "text/csv": { schema: { type: "string" } },
      };
    }
    for (const parameter of op.parameters ?? []) {
      if (!("name" in parameter)) continue;
      const example = parameterExamples[parameter.name];
      if (example !== undefined && parameter.example === undefined) parameter.example = example;
      addDateTimeExamples(parameter.schema);
    }
    const bodyExample = requestBodyExamples[`${route.method} ${route.path}`];
    const body = op.requestBody as { content?: Record<string, { example?: unknown }> } | undefined;
    const json = body?.content?.["application/json"];
    if (json && bodyExample !== undefined) json.example = bodyExample;
    if (meta.largeBody && body?.content)
      body.content["text/csv"] = {
        schema: { type: "string" },
        example:
          "title,description,completed,dueAt,priority,labels\r\nBook flights,,false,2026-12-04T17:00:00.000Z,2,travel;team\r\n",
      } as never;
    // Token endpoints and the admin area are session-only: API tokens (no scope in meta) are refused there.
    if (op.security)
      op.security =
        meta.scope || meta.anyToken
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
    headers: {
      ...headers,
      ETag: {
        description:
          'The task\'s version, quoted: `"3"`. Send it back as `If-Match` to change the task only if nobody else has.',
        schema: { type: "string" as const },
        example: '"3"',
      },
    },
    responses: Object.fromEntries(
      [...used]
        .filter((s) => Number(s) >= 400)
        .sort()
        .map((s) => [`Error${s}`, errorResponse(Number(s))]),
    ),
  };
  for (const schema of Object.values(doc.components.schemas ?? {})) addDateTimeExamples(schema);
  for (const item of Object.values(doc.paths ?? {}))
    for (const operation of Object.values(item) as Operation[])
      for (const response of Object.values(operation.responses ?? {}) as {
        content?: Record<string, { schema?: SchemaLike }>;
      }[])
        for (const media of Object.values(response.content ?? {}))
          addDateTimeExamples(media.schema);
  return doc;
}

let cached: OpenAPIObject | undefined;

/** The document served at /api/v1/openapi.json (built once per process: the procedures do not change at run time). */
export function restOpenApiDocument(): OpenAPIObject {
  return (cached ??= buildDocument());
}
