"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Task } from "@taskfort/api/schemas";
import { taskPatchInput } from "@taskfort/api/schemas";
import { describeError } from "@/lib/errors";
import { useZodForm } from "@/lib/use-zod-form";
import { useTRPC } from "@/trpc/client";
import { Dialog } from "../dialog";
import { Button, ErrorNotice, TextAreaField, TextField } from "../ui";

export function EditTaskDialog({ task, onClose }: { task: Task; onClose: () => void }) {
  return (
    <Dialog open title="Edit task" onClose={onClose}>
      <EditTaskForm task={task} onClose={onClose} />
    </Dialog>
  );
}

function EditTaskForm({ task, onClose }: { task: Task; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(
    taskPatchInput,
    { title: task.title, description: task.description },
    `edit-${task.id}`,
  );
  const update = useMutation(
    trpc.task.update.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.task.list.pathKey() });
        onClose();
      },
      onError: (error) => form.setServerErrors(describeError(error).fields),
    }),
  );
  const formError = update.error && !describeError(update.error).fields ? update.error : null;
  return (
    <form
      {...form.formProps}
      onSubmit={form.handleSubmit((data) => update.mutate({ id: task.id, data }))}
    >
      <TextField label="Title" required autoFocus {...form.field("title")} />
      <TextAreaField label="Description" rows={5} {...form.field("description")} />
      <ErrorNotice error={formError} title="The task was not saved." />
      <div className="mt-3 flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" disabled={update.isPending}>
          {update.isPending ? "Saving…" : "Save changes"}
        </Button>
      </div>
    </form>
  );
}
