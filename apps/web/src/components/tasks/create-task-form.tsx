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
      className="mb-6 rounded-lg border border-slate-200 bg-white p-4"
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
        className="grid gap-1 md:grid-cols-2 md:gap-x-3 lg:grid-cols-3"
      >
        <TextField
          label="Title"
          required
          maxLength={400}
          hint={TITLE_HINT}
          {...form.field("title")}
        />
        <TextAreaField label="Description (optional)" rows={1} {...form.field("description")} />
        <PlanningFields form={form} />
        <Button type="submit" disabled={create.isPending} className="md:mt-6 md:self-start">
          {create.isPending ? "Adding…" : "Add task"}
        </Button>
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
