"use client";
import { useQuery } from "@tanstack/react-query";
import type { RouterOutputs } from "@taskfort/api";
import type { Me, PasskeyView } from "@taskfort/api/schemas";
import { useTRPC } from "@/trpc/client";
import { DeleteSection } from "./delete-section";
import { EmailSection } from "./email-section";
import { ExportSection } from "./export-section";
import { PasskeysSection } from "./passkeys-section";
import { PasswordSection } from "./password-section";
import { SessionsSection } from "./sessions-section";
import { TwoFactorSection } from "./two-factor-section";

export function AccountSettings({
  initialMe,
  mailOff,
  initialTwoFactor,
  initialPasskeys,
}: {
  initialMe: Me;
  mailOff: boolean;
  initialTwoFactor: RouterOutputs["twoFactor"]["get"] | null;
  initialPasskeys: PasskeyView[] | null;
}) {
  const trpc = useTRPC();
  const me = useQuery({ ...trpc.account.get.queryOptions(), initialData: initialMe }).data;
  return (
    <>
      <EmailSection me={me} mailOff={mailOff} />
      <PasswordSection />
      <TwoFactorSection initialStatus={initialTwoFactor} />
      <PasskeysSection initialData={initialPasskeys} />
      <SessionsSection />
      <ExportSection />
      <DeleteSection twoFactor={me.twoFactor} />
    </>
  );
}
