"use client";
import { useQuery } from "@tanstack/react-query";
import type { Me } from "@taskfort/api/schemas";
import { useTRPC } from "@/trpc/client";
import { DeleteSection } from "./delete-section";
import { EmailSection } from "./email-section";
import { ExportSection } from "./export-section";
import { PasswordSection } from "./password-section";
import { SessionsSection } from "./sessions-section";

export function AccountSettings({ initialMe, mailOff }: { initialMe: Me; mailOff: boolean }) {
  const trpc = useTRPC();
  const me = useQuery({ ...trpc.account.get.queryOptions(), initialData: initialMe }).data;
  return (
    <>
      <EmailSection me={me} mailOff={mailOff} />
      <PasswordSection />
      {/* Two-factor slot: the two-factor section (components/account/two-factor*.tsx) goes here. */}
      {/* Passkeys slot: the passkeys section (components/account/passkeys*.tsx) goes here. */}
      <SessionsSection />
      <ExportSection />
      <DeleteSection twoFactor={me.twoFactor} />
    </>
  );
}
