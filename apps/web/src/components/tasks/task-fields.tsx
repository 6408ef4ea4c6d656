"use client";
// The planning fields shared by the new-task form and the edit dialog.
import type { useZodForm } from "@/lib/use-zod-form";
import type { taskFormSchema, TaskFormValues } from "@/lib/task-form";
import { SelectField, TextField } from "../ui";
import { PriorityOptions } from "./priority";

type Form = Pick<ReturnType<typeof useZodForm<typeof taskFormSchema, TaskFormValues>>, "field">;

export const TITLE_HINT = "Letters, digits and spaces; 3 to 200 characters.";

/** Server field names → the form's: dueAt is the "due" input, labels.3 is the labels input. */
export function formFields(fields: Record<string, string[]> | undefined) {
  if (!fields) return undefined;
  const mapped: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(fields)) {
    const name = key === "dueAt" ? "due" : key.startsWith("labels") ? "labels" : key;
    (mapped[name] ??= []).push(...messages);
  }
  return mapped;
}

export function PlanningFields({ form }: { form: Form }) {
  return (
    <>
      <TextField label="Due (optional)" type="datetime-local" {...form.field("due")} />
      <SelectField label="Priority" {...form.field("priority")}>
        <PriorityOptions />
      </SelectField>
      <TextField
        label="Labels (optional)"
        hint="Comma-separated, e.g. work, errands"
        {...form.field("labels")}
      />
    </>
  );
}
