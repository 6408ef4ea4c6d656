"use client";
// The planning fields shared by the new-task form and the edit dialog.
import { useQuery } from "@tanstack/react-query";
import { TITLE_MAX, TITLE_MIN } from "@taskfort/api/schemas";
import type { useZodForm } from "@/lib/use-zod-form";
import type { taskFormSchema, TaskFormValues } from "@/lib/task-form";
import { useTRPC } from "@/trpc/client";
import { DatePicker, LabelPicker, SelectField } from "../ui";
import { PriorityOptions } from "./priority";

type Form = Pick<
  ReturnType<typeof useZodForm<typeof taskFormSchema, TaskFormValues>>,
  "field" | "values" | "setValue"
>;

/** The title rule as a hint, shown before any failure; its numbers are the shared schema's. */
export const TITLE_HINT = `Letters, digits and spaces; ${TITLE_MIN} to ${TITLE_MAX} characters.`;

/** How many of the user's labels the label picker offers (the most used first). */
const LABEL_SUGGESTIONS = 8;

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
  const trpc = useTRPC();
  const labels = useQuery(trpc.label.list.queryOptions());
  const suggestions = [...(labels.data ?? [])]
    .sort((a, b) => b.taskCount - a.taskCount)
    .slice(0, LABEL_SUGGESTIONS)
    .map((l) => l.name);
  return (
    <>
      <DatePicker label="Due (optional)" {...form.field("due")} />
      <SelectField label="Priority" {...form.field("priority")}>
        <PriorityOptions />
      </SelectField>
      <LabelPicker
        label="Labels (optional)"
        hint="Comma-separated, e.g. work, errands"
        suggestions={suggestions}
        value={form.values.labels}
        onValueChange={(text) => form.setValue("labels", text)}
        {...form.field("labels")}
      />
    </>
  );
}
