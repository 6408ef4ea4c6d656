import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AdminNav } from "@/components/admin/admin-nav";
import { SecurityOverviewView } from "@/components/admin/security-overview";
import { AppShell } from "@/components/app-shell";
import { requireUser } from "@/lib/require-user";
import { getServerCaller } from "@/trpc/server";

export const metadata: Metadata = { title: "Security overview · Admin · Taskfort" };

export default async function SecurityPage() {
  const user = await requireUser("/admin/security");
  // As /admin: for anyone but an admin the page does not exist, and no admin data is read.
  if (user.role !== "ADMIN") notFound();
  const overview = await (await getServerCaller()).admin.security.get();
  return (
    <AppShell user={user} current="/admin">
      <h1 className="mb-4 text-2xl font-semibold">Security overview</h1>
      <AdminNav current="/admin/security" />
      <SecurityOverviewView overview={overview} />
    </AppShell>
  );
}
