import type { Metadata } from "next";
import Link from "next/link";
import { AppShell } from "@/components/app-shell";
import { focusRing } from "@/components/ui";
import { requireUser } from "@/lib/require-user";

export const metadata: Metadata = { title: "Settings · Taskfort" };

// Until the account page (/settings/account) exists, /settings points at what there is.
export default async function SettingsPage() {
  const user = await requireUser("/settings");
  return (
    <AppShell user={user} current="/settings">
      <h1 className="mb-4 text-2xl font-semibold">Settings</h1>
      <ul className="list-disc pl-6">
        <li>
          <Link href="/settings/tokens" className={`text-blue-800 underline ${focusRing}`}>
            API tokens
          </Link>
          : tokens for scripts and the REST API.
        </li>
      </ul>
    </AppShell>
  );
}
