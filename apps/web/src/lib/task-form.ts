// The task forms' fields as the inputs hold them (text), checked with the shared schemas'
// own rules and messages: the title and description schemas as they are, labels typed as
// "work, home" through labelsSchema, the due date from a datetime-local input.
import { z } from "zod";
// The shared schemas come first in effect: importing them sets zod up for the CSP (schemas/zod.ts).
import {
  descriptionSchema,
  labelsSchema,
  TASK_PRIORITIES,
  titleSchema,
} from "@taskfort/api/schemas";
import { labelsFromText, localInputToIso } from "./due";

const priorityValues = TASK_PRIORITIES.map((_, value) => String(value)) as [string, ...string[]];

export const taskFormSchema = z.object({
  title: titleSchema,
  description: descriptionSchema,
  due: z.string(),
  priority: z.enum(priorityValues),
  labels: z.string().superRefine((text, ctx) => {
    const parsed = labelsSchema.safeParse(labelsFromText(text));
    if (!parsed.success)
      ctx.addIssue({
        code: "custom",
        message: parsed.error.issues[0]?.message ?? "Invalid labels.",
      });
  }),
});

export type TaskFormValues = {
  title: string;
  description: string;
  due: string;
  priority: string;
  labels: string;
};

export function taskFormValues(task?: {
  title: string;
  description: string;
  dueAt: string | null;
  priority: number;
  labels: string[];
}): TaskFormValues {
  return {
    title: task?.title ?? "",
    description: task?.description ?? "",
    due: task?.dueAt ? isoToLocalInput(task.dueAt) : "",
    priority: String(task?.priority ?? 0),
    labels: task?.labels.join(", ") ?? "",
  };
}

/** ISO → the value a datetime-local input shows (the viewer's local time, minutes). */
export function isoToLocalInput(iso: string): string {
  const date = new Date(iso);
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

export function taskInputFrom(values: z.output<typeof taskFormSchema>) {
  return {
    title: values.title,
    description: values.description,
    dueAt: localInputToIso(values.due),
    priority: Number(values.priority),
    labels: labelsFromText(values.labels),
  };
}
