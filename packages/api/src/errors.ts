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

/** What a Prisma known-request error means for us; the one place Prisma's codes are read. */
export type PrismaFailure = "unique-violation" | "not-found" | "write-conflict";

const prismaFailures: Record<string, PrismaFailure> = {
  P2002: "unique-violation",
  P2025: "not-found",
  // A concurrent transaction won a serializable race; retrying may succeed.
  P2034: "write-conflict",
};

/** The meaning of a Prisma known-request error, found without importing Prisma here (layers point one way). */
export function prismaFailure(error: unknown): PrismaFailure | null {
  const code = (error as { code?: unknown } | null)?.code;
  const name = (error as { name?: unknown } | null)?.name;
  if (name !== "PrismaClientKnownRequestError" || typeof code !== "string") return null;
  return prismaFailures[code] ?? null;
}

const prismaFailureCodes: Record<PrismaFailure, ErrorCode> = {
  "unique-violation": "CONFLICT",
  "not-found": "NOT_FOUND",
  "write-conflict": "CONFLICT",
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
    return { code, status: errorStatus[code], message: defaultMessages[code], expected: true };
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
