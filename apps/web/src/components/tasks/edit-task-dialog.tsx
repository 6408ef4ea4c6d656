"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Task } from "@taskfort/api/schemas";
import { describeError } from "@/lib/errors";
import { taskFormSchema, taskFormValues, taskInputFrom } from "@/lib/task-form";
import { useZodForm } from "@/lib/use-zod-form";
import { useTRPC } from "@/trpc/client";
import { Button, Dialog, ErrorNotice, TextAreaField, TextField } from "../ui";
import { formFields, PlanningFields, TITLE_HINT } from "./task-fields";

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
  const form = useZodForm(taskFormSchema, taskFormValues(task), `edit-${task.id}`);
  // The version this form was opened on: saving over someone else's change needs a decision.
  const [expectedVersion, setExpectedVersion] = useState<number | undefined>(task.version);
  const [conflict, setConflict] = useState(false);
  const update = useMutation(
    trpc.task.update.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.task.list.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.label.list.pathKey() });
        onClose();
      },
      onError: (error) => {
        if (describeError(error).code === "CONFLICT") setConflict(true);
        else form.setServerErrors(formFields(describeError(error).fields));
      },
    }),
  );
  const formError =
    update.error && !conflict && !describeError(update.error).fields ? update.error : null;
  return (
    <form
      {...form.formProps}
      onSubmit={form.handleSubmit((data) =>
        update.mutate({ id: task.id, expectedVersion, data: taskInputFrom(data) }),
      )}
    >
      <TextField label="Title" required autoFocus hint={TITLE_HINT} {...form.field("title")} />
      <TextAreaField label="Description" rows={4} {...form.field("description")} />
      <div className="grid gap-x-3 sm:grid-cols-3">
        <PlanningFields form={form} />
      </div>
      {conflict && (
        <div
          role="alert"
          className="mt-2 rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950"
          data-testid="conflict"
        >
          <p className="font-medium">This task was changed in another tab or device.</p>
          <p className="mt-1">Reload to see the other change, or overwrite it with yours.</p>
          <div className="mt-2 flex gap-2">
            <Button
              variant="secondary"
              onClick={() => {
                void queryClient.invalidateQueries({ queryKey: trpc.task.list.pathKey() });
                onClose();
              }}
            >
              Reload
            </Button>
            <Button
              onClick={() => {
                setConflict(false);
                setExpectedVersion(undefined);
              }}
            >
              Overwrite on save
            </Button>
          </div>
        </div>
      )}
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
