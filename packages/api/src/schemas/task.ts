// Task input and output schemas: the single truth for the rules and messages that
// forms (through a resolver), procedures (through .input()) and the REST docs use.
// Client-safe: zod only.
import { z } from "zod";
import "./zod";
import {
  jsonBoolean,
  queryBoolean,
  queryInt,
  requiredError,
  REQUIRED_MESSAGE,
  strictObject,
} from "./common";
import { MAX_COMBINING_MARKS } from "../limits-client";
import { paginationInput, paginationOutput } from "./pagination";

export const TITLE_MIN = 3;
export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 10_000;
export const SEARCH_MAX = 200;
export const LABEL_MAX = 32;
export const LABELS_PER_TASK_MAX = 10;
export const BULK_MAX = 100;
export const IMPORT_MAX_TASKS = 1_000;
/** Deleted tasks stay in the trash this long, then are purged. */
export const TRASH_RETENTION_DAYS = 30;

/**
 * The priority vocabulary: the index is the stored value (0 none … 3 high). The Zod rule,
 * the TypeScript type, the UI's lists and the OpenAPI enum are all derived from this.
 */
export const TASK_PRIORITIES = ["none", "low", "medium", "high"] as const;
export type TaskPriorityName = (typeof TASK_PRIORITIES)[number];
export const PRIORITY_MAX = TASK_PRIORITIES.length - 1;

export const BULK_ACTIONS = ["complete", "reopen", "delete"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

export const EXPORT_FORMATS = ["json", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const taskMessages = {
  required: REQUIRED_MESSAGE,
  titleMin: `Title must be at least ${TITLE_MIN} characters long.`,
  titleMax: `Title must be at most ${TITLE_MAX} characters long.`,
  titleChars: "Title must be alphanumeric with optional spaces.",
  titleMarks: `Title may have at most ${MAX_COMBINING_MARKS} accents or other combining marks on one character.`,
  descriptionMax: "Description must be at most 10,000 characters long.",
  searchMax: `Search must be at most ${SEARCH_MAX} characters long.`,
  emptyUpdate: "Send at least one of title, description, completed, dueAt, priority or labels.",
  dueAt: "Use an ISO 8601 date-time such as 2026-12-01T09:00:00Z, or null.",
  priority: `Priority must be a whole number from 0 (none) to 3 (high).`,
  labelRequired: "A label cannot be empty.",
  labelMax: `A label must be at most ${LABEL_MAX} characters long.`,
  labelChars: "A label may contain letters, digits, spaces, - and _ only.",
  labelsMax: `A task can have at most ${LABELS_PER_TASK_MAX} labels.`,
  labelsUnique: "Each label can be used once per task.",
  version: "Version must be a whole number of 1 or more.",
  bulkIdsMin: "Choose at least one task.",
  bulkIdsMax: `At most ${BULK_MAX} tasks at a time.`,
  importMax: `Import at most ${IMPORT_MAX_TASKS.toLocaleString("en-US")} tasks at a time.`,
  importOneOf: 'Send either "tasks" (JSON) or "csv" (CSV text).',
} as const;

/**
 * Letters and digits of any script, and spaces. A combining mark may follow a letter or
 * digit: Devanagari, Thai or a decomposed "é" write letters that way, and the contract
 * promises any script.
 */
const TITLE_PATTERN = /^(?:[\p{L}\p{N}]\p{M}*| )+$/u;
const TOO_MANY_MARKS = new RegExp(`\\p{M}{${MAX_COMBINING_MARKS + 1}}`, "u");

export const titleSchema = z
  .string({ error: requiredError })
  .trim()
  // Blank after trimming is "required", and nothing else is worth saying about it.
  .min(1, { message: taskMessages.required, abort: true })
  .min(TITLE_MIN, taskMessages.titleMin)
  .max(TITLE_MAX, taskMessages.titleMax)
  .regex(TITLE_PATTERN, taskMessages.titleChars)
  .refine((title) => !TOO_MANY_MARKS.test(title), taskMessages.titleMarks);

export const descriptionSchema = z.string().max(DESCRIPTION_MAX, taskMessages.descriptionMax);

/** A date-time with its offset (Z or ±hh:mm), or null for "no due date". */
export const dueAtSchema = z.iso.datetime({ offset: true, error: taskMessages.dueAt }).nullable();

/** Not a bare z.number(): see jsonBoolean for why (the REST adapter would coerce it everywhere). */
export const prioritySchema = z
  .number({ error: taskMessages.priority })
  .pipe(
    z
      .number()
      .int(taskMessages.priority)
      .min(0, taskMessages.priority)
      .max(PRIORITY_MAX, taskMessages.priority),
  );

const LABEL_PATTERN = /^(?:[\p{L}\p{N}]\p{M}*|[ _-])+$/u;

/** The one key labels are compared by: per user and per task, "Work" and "work" are one label. */
export function labelKey(name: string): string {
  return name.normalize("NFC").toLowerCase();
}

export const labelNameSchema = z
  .string({ error: requiredError })
  .trim()
  .min(1, { message: taskMessages.labelRequired, abort: true })
  .max(LABEL_MAX, taskMessages.labelMax)
  .regex(LABEL_PATTERN, taskMessages.labelChars)
  .transform((name) => name.normalize("NFC"));

export const labelsSchema = z
  .array(labelNameSchema)
  .max(LABELS_PER_TASK_MAX, taskMessages.labelsMax)
  .refine((names) => new Set(names.map(labelKey)).size === names.length, taskMessages.labelsUnique);

export const versionSchema = z
  .number({ error: taskMessages.version })
  .pipe(z.number().int(taskMessages.version).min(1, taskMessages.version));

export const taskIdSchema = z
  .string({ error: requiredError })
  .min(1, taskMessages.required)
  .max(64);

/** Create form and POST /tasks body. */
export const createTaskInput = strictObject({
  title: titleSchema,
  description: descriptionSchema.optional(),
  completed: jsonBoolean().optional(),
  dueAt: dueAtSchema.optional(),
  priority: prioritySchema.optional(),
  labels: labelsSchema.optional(),
});

/** Edit form: any of the fields; at least one (checked on the update input). */
export const taskPatchInput = strictObject({
  title: titleSchema.optional(),
  description: descriptionSchema.optional(),
  completed: jsonBoolean().optional(),
  dueAt: dueAtSchema.optional(),
  priority: prioritySchema.optional(),
  labels: labelsSchema.optional(),
});

const isNonEmptyPatch = (patch: z.output<typeof taskPatchInput>) =>
  Object.values(patch).some((value) => value !== undefined);

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
const flatUpdateInput = strictObject({
  id: taskIdSchema,
  /** The version the caller last saw; a different current version answers CONFLICT (another tab changed it). */
  expectedVersion: versionSchema.optional(),
  ...taskPatchInput.shape,
});

export type TaskPatchInput = z.input<typeof taskPatchInput>;
export type UpdateTaskInputWire = { id: string; expectedVersion?: number; data: TaskPatchInput };

function liftData(value: UpdateTaskInputWire): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const { id, data, expectedVersion, ...rest } = value as Record<string, unknown>;
  // Only the exact `{ id, expectedVersion?, data: {…} }` shape is lifted. Anything else (extra
  // keys beside `data`, an `id` or `expectedVersion` inside it) stays as sent, and the strict
  // schema rejects `data` as unknown.
  const liftable =
    typeof data === "object" &&
    data !== null &&
    !Array.isArray(data) &&
    !("id" in data) &&
    !("expectedVersion" in data) &&
    Object.keys(rest).length === 0;
  return liftable ? { id, expectedVersion, ...(data as Record<string, unknown>) } : value;
}

export const updateTaskInput = z
  .preprocess(liftData, flatUpdateInput)
  .transform(({ id, expectedVersion, ...data }, ctx) => {
    if (!isNonEmptyPatch(data)) {
      ctx.addIssue({ code: "custom", message: taskMessages.emptyUpdate, input: data });
      return z.NEVER;
    }
    return { id, expectedVersion, data };
  });

export const taskIdInput = strictObject({ id: taskIdSchema });

/** DELETE moves the task to the trash; `permanent=true` (a query flag on REST) deletes it for good. */
export const deleteTaskInput = strictObject({
  id: taskIdSchema,
  permanent: queryBoolean().optional(),
});

export const TASK_ORDERINGS = [
  "createdAt",
  "-createdAt",
  "title",
  "-title",
  "dueAt",
  "-dueAt",
  "priority",
  "-priority",
] as const;
export type TaskOrdering = (typeof TASK_ORDERINGS)[number];

/** GET /tasks query and the list's filter form. Query strings arrive as text, so booleans and numbers accept their string forms. */
export const listTasksInput = strictObject({
  completed: queryBoolean().optional(),
  search: z.string().trim().max(SEARCH_MAX, taskMessages.searchMax).optional(),
  priority: queryInt(0, PRIORITY_MAX, {
    min: taskMessages.priority,
    max: taskMessages.priority,
  }).optional(),
  label: labelNameSchema.optional(),
  dueBefore: z.iso.datetime({ offset: true, error: taskMessages.dueAt }).optional(),
  dueAfter: z.iso.datetime({ offset: true, error: taskMessages.dueAt }).optional(),
  /** Not completed and due before now. */
  overdue: queryBoolean().optional(),
  ordering: z.enum(TASK_ORDERINGS).default("-createdAt"),
  ...paginationInput.shape,
});

export const taskOutput = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    completed: z.boolean(),
    dueAt: z.iso.datetime().nullable(),
    priority: z
      .number()
      .int()
      .min(0)
      .max(PRIORITY_MAX)
      .meta({ description: "0 none, 1 low, 2 medium, 3 high." }),
    labels: z.array(z.string()),
    version: z
      .number()
      .int()
      .min(1)
      .meta({ description: "Starts at 1, +1 on every change; the ETag." }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({
    example: {
      id: "cm3x9k2f10001qz8h4n7d2v5e",
      title: "Book flights for the Lisbon offsite",
      description: "Compare TAP and easyJet; team arrives Thursday evening.",
      completed: false,
      dueAt: "2026-12-04T17:00:00.000Z",
      priority: 2,
      labels: ["travel", "team"],
      version: 3,
      createdAt: "2026-11-20T08:15:42.000Z",
      updatedAt: "2026-11-26T14:02:10.000Z",
    },
  });

export const listTasksOutput = paginationOutput(taskOutput);

/** A task in the trash: when it was deleted (it is purged TRASH_RETENTION_DAYS later). */
export const trashedTaskOutput = taskOutput.extend({ deletedAt: z.iso.datetime() });
export const listTrashInput = strictObject({ ...paginationInput.shape });
export const listTrashOutput = paginationOutput(trashedTaskOutput);

export const bulkTasksInput = strictObject({
  ids: z.array(taskIdSchema).min(1, taskMessages.bulkIdsMin).max(BULK_MAX, taskMessages.bulkIdsMax),
  action: z.enum(BULK_ACTIONS),
});
export const bulkTasksOutput = z.object({
  updated: z.number().int().min(0),
  /** Ids that are not the caller's live tasks (missing, in the trash, or another user's): untouched. */
  notFound: z.array(z.string()),
});

export const labelOutput = z.object({
  id: z.string(),
  name: z.string(),
  taskCount: z.number().int().min(0),
});
export const listLabelsOutput = z.array(labelOutput);
export const labelIdInput = strictObject({ id: taskIdSchema });

export const exportTasksInput = strictObject({
  format: z.enum(EXPORT_FORMATS).default("json"),
});
/** REST sends `content` itself as the attachment (see rest/handler.ts); tRPC callers get this object. */
export const exportTasksOutput = z.object({
  filename: z.string(),
  contentType: z.string(),
  content: z.string(),
});

/**
 * One task of an import: the export's own fields. `id`, `version` and `updatedAt` are
 * accepted (so an export imports as it is) and ignored: the imported task gets new ones.
 * `createdAt` is kept, so a round trip keeps the order.
 */
export const importTaskRow = strictObject({
  title: titleSchema,
  description: descriptionSchema.optional(),
  completed: jsonBoolean().optional(),
  dueAt: dueAtSchema.optional(),
  priority: prioritySchema.optional(),
  labels: labelsSchema.optional(),
  createdAt: z.iso.datetime({ offset: true }).optional(),
  id: z.string().max(64).optional(),
  version: z.number().pipe(z.number().int()).optional(),
  updatedAt: z.iso.datetime({ offset: true }).optional(),
});
export type ImportTaskRow = z.output<typeof importTaskRow>;

/**
 * The import body: the JSON export (`{"tasks":[…]}`), or CSV text under `csv` (REST turns a
 * text/csv body into that). Rows are checked one by one in the procedure so that errors
 * are keyed `rows.<n>.<field>` (n from 1) for JSON and CSV alike.
 */
export const importTasksInput = strictObject({
  tasks: z
    .array(z.record(z.string(), z.unknown()))
    .max(IMPORT_MAX_TASKS, taskMessages.importMax)
    .optional()
    .meta({ description: "Tasks as GET /tasks/export?format=json writes them." }),
  csv: z.string().optional().meta({
    description:
      "CSV as the export writes it (header row first). Or send the CSV itself as text/csv.",
  }),
}).transform((input, ctx) => {
  if ((input.tasks === undefined) === (input.csv === undefined)) {
    ctx.addIssue({ code: "custom", message: taskMessages.importOneOf, input });
    return z.NEVER;
  }
  return input;
});
export const importTasksOutput = z.object({ created: z.number().int().min(0) });

export type CreateTaskInput = z.input<typeof createTaskInput>;
export type UpdateTaskInput = z.input<typeof updateTaskInput>;
export type ListTasksInput = z.input<typeof listTasksInput>;
export type Task = z.output<typeof taskOutput>;
export type TrashedTask = z.output<typeof trashedTaskOutput>;
export type Label = z.output<typeof labelOutput>;
export type ListTasksOutput = z.output<typeof listTasksOutput>;
