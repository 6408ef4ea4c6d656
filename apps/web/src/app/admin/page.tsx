import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AppShell } from "@/components/app-shell";
import { AdminNav } from "@/components/admin/admin-nav";
import { AdminPanels } from "@/components/admin/admin-panels";
import { requireUser } from "@/lib/require-user";
import { getServerCaller } from "@/trpc/server";

export const metadata: Metadata = { title: "Admin · Taskfort" };

export default async function AdminPage() {
  const user = await requireUser("/admin");
  // Not an admin: the page does not exist for them (404), and no admin data is fetched or sent.
  // The procedures refuse them anyway (FORBIDDEN); this only keeps the page itself from rendering.
  if (user.role !== "ADMIN") notFound();
  const caller = await getServerCaller();
  const [users, audit] = await Promise.all([
    caller.admin.users.list({ page: 1, pageSize: 10 }).catch(() => null),
    caller.admin.audit.list({ page: 1, pageSize: 20 }).catch(() => null),
  ]);
  return (
    <AppShell user={user} current="/admin">
      <h1 className="mb-4 text-2xl font-semibold">Admin</h1>
      <AdminNav current="/admin" />
      <AdminPanels currentUserId={user.id} initialUsers={users} initialAudit={audit} />
    </AppShell>
  );
}
