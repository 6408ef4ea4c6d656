// The one home of the error contract: codes → HTTP status, the envelope, and what
// an error may say about itself. Everything that fails leaves through toErrorBody().
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";

export const errorStatus = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_SUPPORTED: 405,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;
export type FieldErrors = Record<string, string[]>;

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  fields?: FieldErrors;
  requestId: string;
}

export const GENERIC_INTERNAL_MESSAGE =
  "Something went wrong on our side. Quote the request id if you contact support.";

const defaultMessages: Record<ErrorCode, string> = {
  BAD_REQUEST: "The request is not valid.",
  UNAUTHORIZED: "Sign in or send a valid API token.",
  FORBIDDEN: "You are not allowed to do this.",
  NOT_FOUND: "Not found.",
  METHOD_NOT_SUPPORTED: "This method is not supported here.",
  CONFLICT: "This conflicts with existing data.",
  PRECONDITION_FAILED: "The resource has changed since you read it (If-Match does not match).",
  PAYLOAD_TOO_LARGE: "The request body is too large.",
  UNSUPPORTED_MEDIA_TYPE: "Send the body as application/json.",
  TOO_MANY_REQUESTS: "Request was throttled.",
  INTERNAL_SERVER_ERROR: GENERIC_INTERNAL_MESSAGE,
  SERVICE_UNAVAILABLE: "A service this request needs is unavailable. Try again shortly.",
};

/** tRPC's own codes that are not in the contract, folded onto the nearest contract code. */
const trpcCodeToContract: Record<string, ErrorCode> = {
  PARSE_ERROR: "BAD_REQUEST",
  UNPROCESSABLE_CONTENT: "BAD_REQUEST",
  PAYMENT_REQUIRED: "FORBIDDEN",
  TIMEOUT: "SERVICE_UNAVAILABLE",
  CLIENT_CLOSED_REQUEST: "BAD_REQUEST",
  NOT_IMPLEMENTED: "NOT_FOUND",
  NOT_ACCEPTABLE: "BAD_REQUEST",
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  BAD_GATEWAY: "SERVICE_UNAVAILABLE",
  GATEWAY_TIMEOUT: "SERVICE_UNAVAILABLE",
};

export function isErrorCode(code: string): code is ErrorCode {
  return code in errorStatus;
}

/** Zod issues → `{ "path.to.field": ["message", …] }`; form-level issues go under "_". */
export function fieldsFromZod(error: ZodError): FieldErrors {
  // No prototype: a client-chosen field name such as "__proto__" or "constructor" must be a
  // plain key here, not Object.prototype's (which would make `??= []` a no-op and push throw).
  const fields: FieldErrors = Object.create(null) as FieldErrors;
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "_";
    if (issue.code === "unrecognized_keys") {
      for (const k of issue.keys)
        (fields[[...issue.path, k].join(".")] ??= []).push(`Unknown field "${k}".`);
      continue;
    }
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/**
 * A refusal that names the fields at fault (e.g. 401 with `fields.otp` when a sign-in needs its
 * second factor). Thrown as a TRPCError's cause (see fieldsError); its message and fields are ours
 * and are shown as they are.
 */
export class FieldsError extends Error {
  override name = "FieldsError";
  constructor(
    message: string,
    readonly fields: FieldErrors,
  ) {
    super(message);
  }
}

export function fieldsError(
  code: "BAD_REQUEST" | "UNAUTHORIZED" | "FORBIDDEN",
  message: string,
  fields: FieldErrors,
): TRPCError {
  return new AppError(code, message, { cause: new FieldsError(message, fields) });
}

/**
 * An error of ours, saying whether its message may reach the client. 4xx messages are
 * written for users and shown; a 5xx message is for the log unless `expose` says
 * otherwise (our own 503 texts are). Anything that is not an AppError (tRPC's and the
 * adapters' own errors, a Prisma or pg failure, a TypeError) shows only the default text
 * for its code: exposure is declared, never inferred from the text.
 */
export class AppError extends TRPCError {
  override readonly code: ErrorCode;
  readonly expose: boolean;

  constructor(
    code: ErrorCode,
    message: string = defaultMessages[code],
    options: { expose?: boolean; cause?: unknown } = {},
  ) {
    super({ code, message, cause: options.cause });
    // name stays "TRPCError": adapters bundling their own copy of @trpc/server (trpc-to-openapi
    // loads the CommonJS build) recognise tRPC errors by name, not by class.
    this.code = code;
    this.expose = options.expose ?? errorStatus[code] < 500;
  }
}

/**
 * What a database failure means for us; the one place Prisma's codes (and the driver's) are read.
 * "unavailable": the database is not there right now (refused, closed or cut the connection,
 * shutting down or starting up, out of connections), as opposed to a query that is wrong.
 */
export type PrismaFailure = "unique-violation" | "not-found" | "write-conflict" | "unavailable";

const prismaFailures: Record<string, PrismaFailure> = {
  P2002: "unique-violation",
  P2025: "not-found",
  // A concurrent transaction won a serializable race; retrying may succeed.
  P2034: "write-conflict",
  // Can't reach the server, connection timed out, socket timeout, server closed the connection, too many connections.
  P1001: "unavailable",
  P1002: "unavailable",
  P1008: "unavailable",
  P1017: "unavailable",
  P2037: "unavailable",
  // Transaction API error: no pool connection within the wait, or the transaction outlived its
  // timeout (and was rolled back). The server is saturated, not wrong: try again.
  P2028: "unavailable",
};

/** The driver adapter's kinds (Prisma's DriverAdapterError) that mean the connection, not the query, failed. */
const unavailableDriverKinds = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);

/**
 * Postgres SQLSTATEs of the same meaning: class 08 (connection exception), 57P01..57P03 (the
 * server was shut down or restarted, or is starting up: what `pg_terminate_backend` and a
 * restart send), 53300 (too many connections).
 */
const isUnavailableSqlState = (code: string) =>
  code.startsWith("08") || ["57P01", "57P02", "57P03", "53300"].includes(code);

/**
 * Node's socket errors, and node-postgres's own (uncoded) errors for a connection that died
 * (among them one the database package ended because its statement got no answer), or for no
 * connection or no answer within its waits (DATABASE_WAIT_MS; query_timeout if a URL sets it).
 */
const unavailableSocketCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE"]);
const unavailableDriverMessages = [
  /^Connection terminated/,
  /^Client has encountered a connection error and is not queryable$/,
  /^timeout exceeded when trying to connect$/,
  /^Query read timeout$/,
];

interface FailureShape {
  name?: unknown;
  severity?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: FailureShape };
  kind?: unknown;
  originalCode?: unknown;
}

function isUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 4) return false;
  const e = error as FailureShape;
  // The driver adapter's error, on its own or inside a Prisma error's meta: its cause says what broke.
  const adapter = e.meta?.driverAdapterError ?? (e.name === "DriverAdapterError" ? e : undefined);
  const kind = (adapter?.cause as FailureShape | undefined)?.kind ?? e.kind;
  if (typeof kind === "string" && unavailableDriverKinds.has(kind)) return true;
  const driver = (adapter?.cause as FailureShape | undefined) ?? e;
  if (typeof driver.originalCode === "string" && isUnavailableSqlState(driver.originalCode))
    return true;
  // FATAL ends the session, whatever the code (e.g. a database that does not accept
  // connections now, 55000): the connection failed, not the query.
  if (driver.severity === "FATAL" || driver.severity === "PANIC") return true;
  if (typeof e.code === "string") {
    if (unavailableSocketCodes.has(e.code)) return true;
    // A raw node-postgres error carries the SQLSTATE itself.
    if (/^[0-9A-Z]{5}$/.test(e.code) && !e.code.startsWith("P") && isUnavailableSqlState(e.code))
      return true;
  }
  if (
    typeof e.message === "string" &&
    unavailableDriverMessages.some((m) => m.test(e.message as string))
  )
    return true;
  return isUnavailable(e.cause, depth + 1);
}

/**
 * The meaning of a database failure (a Prisma known-request error, or the driver's own error
 * when it reaches us unwrapped), found without importing Prisma here (layers point one way).
 */
export function prismaFailure(error: unknown): PrismaFailure | null {
  const code = (error as { code?: unknown } | null)?.code;
  const name = (error as { name?: unknown } | null)?.name;
  const known =
    name === "PrismaClientKnownRequestError" && typeof code === "string"
      ? prismaFailures[code]
      : undefined;
  if (known) return known;
  return isUnavailable(error) ? "unavailable" : null;
}

/**
 * Shown with the 503 a database outage answers: that it is temporary and what to do, nothing
 * about what broke or how (/api/health names the part that is down, for operators).
 */
export const DATABASE_UNAVAILABLE_MESSAGE =
  "The service is temporarily unavailable. Try again in a few seconds.";
/** Retry-After on a 503 that did not name its own (a database outage): the "few seconds" above. */
export const UNAVAILABLE_RETRY_SECONDS = 5;

const prismaFailureCodes: Record<PrismaFailure, ErrorCode> = {
  "unique-violation": "CONFLICT",
  "not-found": "NOT_FOUND",
  "write-conflict": "CONFLICT",
  unavailable: "SERVICE_UNAVAILABLE",
};

export interface NormalizedError {
  code: ErrorCode;
  status: number;
  message: string;
  fields?: FieldErrors;
  /** True when the message came from our own code, not from a library or the database. */
  expected: boolean;
}

/**
 * What the client may learn from an error: Zod issues as fields, a Prisma failure as its
 * contract code, an AppError's message when it is exposed, and otherwise the default text
 * of the code. Outside production a 5xx keeps its message (for the developer).
 */
export function normalizeError(error: TRPCError, production: boolean): NormalizedError {
  const cause = error.cause;
  if (cause instanceof ZodError) {
    return {
      code: "BAD_REQUEST",
      status: 400,
      message: "Some fields are not valid.",
      fields: fieldsFromZod(cause),
      expected: true,
    };
  }
  if (cause instanceof FieldsError && isErrorCode(error.code)) {
    return {
      code: error.code,
      status: errorStatus[error.code],
      message: cause.message,
      fields: cause.fields,
      expected: true,
    };
  }
  const prisma = prismaFailure(cause);
  if (prisma) {
    const code = prismaFailureCodes[prisma];
    const message = prisma === "unavailable" ? DATABASE_UNAVAILABLE_MESSAGE : defaultMessages[code];
    return { code, status: errorStatus[code], message, expected: true };
  }

  const code: ErrorCode = isErrorCode(error.code)
    ? error.code
    : (trpcCodeToContract[error.code] ?? "INTERNAL_SERVER_ERROR");
  const status = errorStatus[code];
  const expected = status < 500;
  if (error instanceof AppError && error.expose)
    return { code, status, message: error.message, expected };
  if (error.code === "PARSE_ERROR")
    return { code, status, message: "The request body is not valid JSON.", expected };
  const message = !expected && !production ? error.message : defaultMessages[code];
  return { code, status, message, expected };
}

export function toErrorBody(normalized: NormalizedError, requestId: string): ErrorBody {
  const body: ErrorBody = { code: normalized.code, message: normalized.message, requestId };
  if (normalized.fields && Object.keys(normalized.fields).length) body.fields = normalized.fields;
  return body;
}

/** The REST/HTTP envelope: `{ "error": { code, message, fields?, requestId } }`. */
export function errorEnvelope(body: ErrorBody): { error: ErrorBody } {
  return { error: body };
}

/** For HTTP layers that fail before tRPC runs (413, 415, 429, CSRF 403). */
export function httpErrorResponse(
  code: ErrorCode,
  requestId: string,
  message: string = defaultMessages[code],
  headers: Record<string, string> = {},
  fields?: FieldErrors,
): Response {
  const h = new Headers(headers);
  h.set("content-type", "application/json; charset=utf-8");
  h.set("x-request-id", requestId);
  const body: ErrorBody = { code, message, requestId };
  if (fields && Object.keys(fields).length) body.fields = fields;
  return new Response(JSON.stringify(errorEnvelope(body)), {
    status: errorStatus[code],
    headers: h,
  });
}

export { defaultMessages as errorMessages };

/**
 * A BAD_REQUEST naming one field, for rules a procedure checks after its schema (a wrong
 * current password, a common new one): it reaches the client exactly like a schema failure.
 */
export function fieldError(field: string, message: string): TRPCError {
  return fieldsError("BAD_REQUEST", "Some fields are not valid.", { [field]: [message] });
}
