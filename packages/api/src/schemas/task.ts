// Task input and output schemas: the single truth for the rules and messages that
// forms (through a resolver), procedures (through .input()) and the REST docs use.
// Client-safe: zod only.
import { z } from "zod";
import { jsonBoolean, queryBoolean, requiredError, REQUIRED_MESSAGE, strictObject } from "./common";
import { paginationInput, paginationOutput } from "./pagination";

export const TITLE_MIN = 3;
export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 10_000;
export const SEARCH_MAX = 200;

export const taskMessages = {
  required: REQUIRED_MESSAGE,
  titleMin: `Title must be at least ${TITLE_MIN} characters long.`,
  titleMax: `Title must be at most ${TITLE_MAX} characters long.`,
  titleChars: "Title must be alphanumeric with optional spaces.",
  descriptionMax: "Description must be at most 10,000 characters long.",
  searchMax: `Search must be at most ${SEARCH_MAX} characters long.`,
  emptyUpdate: "Send at least one of title, description or completed.",
} as const;

/**
 * Letters and digits of any script, and spaces. A combining mark may follow a letter or
 * digit: Devanagari, Thai or a decomposed "é" write letters that way, and the contract
 * promises any script.
 */
const TITLE_PATTERN = /^(?:[\p{L}\p{N}]\p{M}*| )+$/u;

export const titleSchema = z
  .string({ error: requiredError })
  .trim()
  // Blank after trimming is "required", and nothing else is worth saying about it.
  .min(1, { message: taskMessages.required, abort: true })
  .min(TITLE_MIN, taskMessages.titleMin)
  .max(TITLE_MAX, taskMessages.titleMax)
  .regex(TITLE_PATTERN, taskMessages.titleChars);

export const descriptionSchema = z.string().max(DESCRIPTION_MAX, taskMessages.descriptionMax);

export const taskIdSchema = z
  .string({ error: requiredError })
  .min(1, taskMessages.required)
  .max(64);

/** Create form and POST /tasks body. */
export const createTaskInput = strictObject({
  title: titleSchema,
  description: descriptionSchema.optional(),
  completed: jsonBoolean().optional(),
});

/** Edit form: any of the fields; at least one (checked on the update input). */
export const taskPatchInput = strictObject({
  title: titleSchema.optional(),
  description: descriptionSchema.optional(),
  completed: jsonBoolean().optional(),
});

const isNonEmptyPatch = (patch: z.output<typeof taskPatchInput>) =>
  patch.title !== undefined || patch.description !== undefined || patch.completed !== undefined;

/**
 * update input `{ id, data }` (the house convention for updates), and the REST body
 * `{ title?, … }` with `id` from the path (docs/api.md), through ONE schema.
 *
 * trpc-to-openapi 3.3 hands a procedure `{ ...body, ...pathParams }` and documents the
 * procedure's input object (it unwraps a preprocess to its target and a transform to its
 * source), so the schema it sees must be the flat `{ id, title?, description?, completed? }`.
 * tRPC callers send `{ id, data }`: the preprocess lifts `data` into that flat shape, the
 * flat shape is validated (strict, so unknown keys fail on both surfaces), and the
 * transform checks that something is to change and hands the handler `{ id, data }`.
 * Field errors therefore carry the same names everywhere (`fields.title`, as in the
 * contract's example), which is also what an edit form maps back onto its inputs.
 *
 * The non-empty check sits in the transform, not in a .refine() on the object:
 * trpc-to-openapi documents the body through .omit(), which zod 4 refuses on refined
 * objects, and its fallback drops `additionalProperties: false` from the document.
 */
const flatUpdateInput = strictObject({ id: taskIdSchema, ...taskPatchInput.shape });

export type TaskPatchInput = z.input<typeof taskPatchInput>;
export type UpdateTaskInputWire = { id: string; data: TaskPatchInput };

function liftData(value: UpdateTaskInputWire): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const { id, data, ...rest } = value as Record<string, unknown>;
  // Only the exact `{ id, data: {…} }` shape is lifted. Anything else (extra keys beside
  // `data`, an `id` inside it) stays as sent, and the strict schema rejects `data` as unknown.
  const liftable =
    typeof data === "object" &&
    data !== null &&
    !Array.isArray(data) &&
    !("id" in data) &&
    Object.keys(rest).length === 0;
  return liftable ? { id, ...(data as Record<string, unknown>) } : value;
}

export const updateTaskInput = z
  .preprocess(liftData, flatUpdateInput)
  .transform(({ id, ...data }, ctx) => {
    if (!isNonEmptyPatch(data)) {
      ctx.addIssue({ code: "custom", message: taskMessages.emptyUpdate, input: data });
      return z.NEVER;
    }
    return { id, data };
  });

export const taskIdInput = strictObject({ id: taskIdSchema });

export const TASK_ORDERINGS = ["createdAt", "-createdAt", "title", "-title"] as const;
export type TaskOrdering = (typeof TASK_ORDERINGS)[number];

/** GET /tasks query and the list's filter form. Query strings arrive as text, so booleans and numbers accept their string forms. */
export const listTasksInput = strictObject({
  completed: queryBoolean().optional(),
  search: z.string().trim().max(SEARCH_MAX, taskMessages.searchMax).optional(),
  ordering: z.enum(TASK_ORDERINGS).default("-createdAt"),
  ...paginationInput.shape,
});

export const taskOutput = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  completed: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const listTasksOutput = paginationOutput(taskOutput);

export type CreateTaskInput = z.input<typeof createTaskInput>;
export type UpdateTaskInput = z.input<typeof updateTaskInput>;
export type ListTasksInput = z.input<typeof listTasksInput>;
export type Task = z.output<typeof taskOutput>;
export type ListTasksOutput = z.output<typeof listTasksOutput>;
