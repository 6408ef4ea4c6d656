"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { describeError } from "@/lib/errors";
import { taskFormSchema, taskFormValues, taskInputFrom } from "@/lib/task-form";
import { useZodForm } from "@/lib/use-zod-form";
import { useTRPC } from "@/trpc/client";
import { Button, ErrorNotice, TextAreaField, TextField } from "../ui";
import { formFields, PlanningFields, TITLE_HINT } from "./task-fields";

export function CreateTaskForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(taskFormSchema, taskFormValues(), "new-task");
  const [created, setCreated] = useState<string | null>(null);
  const create = useMutation(
    trpc.task.create.mutationOptions({
      onSuccess: (task) => {
        form.reset();
        setCreated(task.title);
        void queryClient.invalidateQueries({ queryKey: trpc.task.list.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.label.list.pathKey() });
      },
      // What was typed stays; field errors go under their fields.
      onError: (error) => form.setServerErrors(formFields(describeError(error).fields)),
    }),
  );
  const formError = create.error && !describeError(create.error).fields ? create.error : null;

  return (
    <section
      aria-labelledby="new-task-heading"
      className="mb-4 rounded-lg border border-slate-200 bg-white p-3 sm:p-4"
    >
      <h2 id="new-task-heading" className="mb-3 text-lg font-semibold">
        New task
      </h2>
      <form
        {...form.formProps}
        onSubmit={form.handleSubmit((data) => {
          setCreated(null);
          create.mutate(taskInputFrom(data));
        })}
      >
        {/* Quick add: a title and Enter. The rest is one Tab (and Enter) away, folded so the
            list starts high on a phone. */}
        <div className="grid grid-cols-[1fr_auto] items-start gap-x-3">
          <TextField
            label="Title"
            required
            maxLength={400}
            hint={TITLE_HINT}
            {...form.field("title")}
          />
          <Button type="submit" disabled={create.isPending} className="mt-6">
            {create.isPending ? "Adding…" : "Add task"}
          </Button>
        </div>
        <details className="mt-2" data-testid="more-options">
          <summary className="cursor-pointer text-sm font-medium text-blue-800">
            Due date, priority, labels and description
          </summary>
          <div className="mt-2 grid gap-x-3 md:grid-cols-2 lg:grid-cols-4">
            <PlanningFields form={form} />
            <TextAreaField label="Description (optional)" rows={1} {...form.field("description")} />
          </div>
        </details>
      </form>
      <ErrorNotice error={formError} title="The task was not added." />
      <p
        aria-live="polite"
        role="status"
        className="mt-2 text-sm text-green-800"
        data-testid="create-notice"
      >
        {created && `Task “${created}” added.`}
      </p>
    </section>
  );
}
