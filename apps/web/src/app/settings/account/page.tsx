import type { Metadata } from "next";
import { mailMode } from "@taskfort/api";
import { AccountSettings } from "@/components/account/account-settings";
import { AppShell } from "@/components/app-shell";
import { requireUser } from "@/lib/require-user";
import { getServerCaller } from "@/trpc/server";

export const metadata: Metadata = { title: "Account · Taskfort" };

export default async function AccountPage() {
  const user = await requireUser("/settings/account");
  const me = await (await getServerCaller()).account.get();
  return (
    <AppShell user={user} current="/settings/account">
      <h1 className="mb-4 text-2xl font-semibold">Account</h1>
      <AccountSettings initialMe={me} mailOff={mailMode() === "off"} />
    </AppShell>
  );
}
