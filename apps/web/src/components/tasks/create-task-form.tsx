"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { createTaskInput } from "@taskfort/api/schemas";
import { describeError } from "@/lib/errors";
import { useZodForm } from "@/lib/use-zod-form";
import { useTRPC } from "@/trpc/client";
import { Button, ErrorNotice, TextAreaField, TextField } from "../ui";

export function CreateTaskForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(createTaskInput, { title: "", description: "" }, "new-task");
  const [created, setCreated] = useState<string | null>(null);
  const create = useMutation(
    trpc.task.create.mutationOptions({
      onSuccess: (task) => {
        form.reset();
        setCreated(task.title);
        void queryClient.invalidateQueries({ queryKey: trpc.task.list.pathKey() });
      },
      // What was typed stays; field errors go under their fields.
      onError: (error) => form.setServerErrors(describeError(error).fields),
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
          create.mutate(data);
        })}
        className="grid gap-1 md:grid-cols-[1fr_2fr_auto] md:items-start md:gap-3"
      >
        <TextField label="Title" required maxLength={400} {...form.field("title")} />
        <TextAreaField label="Description (optional)" rows={1} {...form.field("description")} />
        <Button type="submit" disabled={create.isPending} className="md:mt-6">
          {create.isPending ? "Adding…" : "Add task"}
        </Button>
      </form>
      <ErrorNotice error={formError} title="The task was not added." />
      <p aria-live="polite" className="sr-only">
        {created && `Task “${created}” added.`}
      </p>
    </section>
  );
}
