import type { Metadata } from "next";
import { AppShell } from "@/components/app-shell";
import { TrashManager } from "@/components/tasks/trash-manager";
import { requireUser } from "@/lib/require-user";

export const metadata: Metadata = { title: "Trash · Taskfort" };

export default async function TrashPage() {
  const user = await requireUser("/tasks/trash");
  return (
    <AppShell user={user} current="/tasks/trash">
      <h1 className="mb-4 text-2xl font-semibold">Trash</h1>
      <TrashManager />
    </AppShell>
  );
}
