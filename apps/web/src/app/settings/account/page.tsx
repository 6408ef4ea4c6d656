import type { Metadata } from "next";
import { mailMode } from "@taskfort/api";
import { AccountSettings } from "@/components/account/account-settings";
import { AppShell } from "@/components/app-shell";
import { requireUser } from "@/lib/require-user";
import { getServerCaller } from "@/trpc/server";

export const metadata: Metadata = { title: "Account · Taskfort" };

export default async function AccountPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser("/settings/account");
  const params = await searchParams;
  const caller = await getServerCaller();
  const [me, twoFactor, passkeys] = await Promise.all([
    caller.account.get(),
    caller.twoFactor.get().catch(() => null),
    caller.passkey.list().catch(() => null),
  ]);
  return (
    <AppShell user={user} current="/settings/account">
      <h1 className="mb-4 text-2xl font-semibold">Account</h1>
      {params.enrol === "1" && (
        <p role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          Administrators must set up two-factor authentication (an authenticator app or a passkey)
          before anything else.
        </p>
      )}
      <AccountSettings
        initialMe={me}
        mailOff={mailMode() === "off"}
        initialTwoFactor={twoFactor}
        initialPasskeys={passkeys}
      />
    </AppShell>
  );
}
