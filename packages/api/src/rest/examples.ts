// Examples for the REST document (/api/v1/openapi.json, shown at /api/docs): what a real
// request and answer look like. rest.test.ts checks every one against its own schema.
import type { ErrorCode, FieldErrors } from "../errors";
import { errorMessages, GENERIC_INTERNAL_MESSAGE } from "../errors";
import { RATE_LIMIT_UNAVAILABLE_MESSAGE, throttledMessage } from "../limits";
import { TOKEN_SCOPES } from "../schemas/auth";
import { taskMessages } from "../schemas/task";

export const REQUEST_ID_EXAMPLE = "0b6f3c1e-4d2a-4f5b-9a7e-2c8d1e5f3a90";
const TASK_ID = "cm3x9k2f10001qz8h4n7d2v5e";

/** One envelope per code, each saying what that failure really says. */
export const errorExamples: Record<ErrorCode, { message: string; fields?: FieldErrors }> = {
  BAD_REQUEST: {
    message: "Some fields are not valid.",
    fields: { title: [taskMessages.titleMin] },
  },
  UNAUTHORIZED: { message: errorMessages.UNAUTHORIZED },
  FORBIDDEN: { message: 'This API token lacks the "tasks:write" scope.' },
  NOT_FOUND: { message: "Task not found." },
  METHOD_NOT_SUPPORTED: { message: "Use GET or POST on this path." },
  CONFLICT: {
    message:
      "This task was changed elsewhere (another tab or device). Reload it, or save again to overwrite.",
  },
  PRECONDITION_FAILED: {
    message:
      "The task has changed since you read it (If-Match does not match its ETag). Get it again.",
  },
  PAYLOAD_TOO_LARGE: { message: errorMessages.PAYLOAD_TOO_LARGE },
  UNSUPPORTED_MEDIA_TYPE: { message: errorMessages.UNSUPPORTED_MEDIA_TYPE },
  TOO_MANY_REQUESTS: { message: throttledMessage(42) },
  INTERNAL_SERVER_ERROR: { message: GENERIC_INTERNAL_MESSAGE },
  SERVICE_UNAVAILABLE: { message: RATE_LIMIT_UNAVAILABLE_MESSAGE },
};

/** Query and path parameters by name (the generator would otherwise show e.g. page -9007199254740991). */
export const parameterExamples: Record<string, unknown> = {
  id: TASK_ID,
  page: 1,
  pageSize: 20,
  search: "report",
  completed: false,
  ordering: "dueAt",
  priority: 3,
  // No `label` example: Swagger UI checks a prefilled value against the name pattern with a
  // JavaScript RegExp without the `u` flag, where \p{L} matches nothing, and refuses to send.
  dueBefore: "2026-12-07T00:00:00.000Z",
  dueAfter: "2026-11-30T00:00:00.000Z",
  overdue: true,
  permanent: true,
  format: "csv",
  action: "auth.login.failure",
};

/** JSON request bodies by "METHOD /path". */
export const requestBodyExamples: Record<string, unknown> = {
  "POST /tasks": {
    title: "Book flights for the Lisbon offsite",
    description: "Compare TAP and easyJet; team arrives Thursday evening.",
    dueAt: "2026-12-04T17:00:00.000Z",
    priority: 2,
    labels: ["travel", "team"],
  },
  "PATCH /tasks/{id}": { completed: true, priority: 3 },
  "POST /tasks/bulk": {
    ids: [TASK_ID, "cm3x9k2f10002qz8h9c1a7b3f"],
    action: "complete",
  },
  "POST /tasks/import": {
    tasks: [
      {
        title: "Book flights for the Lisbon offsite",
        description: "",
        completed: false,
        dueAt: "2026-12-04T17:00:00.000Z",
        priority: 2,
        labels: ["travel"],
      },
      { title: "Renew passport", priority: 3, labels: ["personal"] },
    ],
  },
  "POST /auth/register": { username: "ada_lovelace", password: "analytical engine 1843" },
  "POST /auth/login": { username: "ada_lovelace", password: "analytical engine 1843" },
  "POST /tokens": {
    name: "Nightly backup",
    scopes: [...TOKEN_SCOPES],
    expiresInDays: 30,
  },
  "PATCH /admin/users/{id}": { disabled: true },
};
