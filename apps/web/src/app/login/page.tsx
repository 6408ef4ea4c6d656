import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getEnv, oidcSettings } from "@taskfort/config/env";
import { AuthFrame } from "@/components/auth/auth-frame";
import { LoginPanel } from "@/components/auth/login-page";
import { safeCallbackUrl } from "@/lib/errors";
import { getCurrentUser } from "@/trpc/server";

export const metadata: Metadata = { title: "Sign in · Taskfort" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(
    typeof params.callbackUrl === "string" ? params.callbackUrl : null,
  );
  if (await getCurrentUser()) redirect(callbackUrl);
  // The single sign-on button only when an OIDC provider is configured.
  const oidc = oidcSettings(getEnv()) !== null;
  return (
    // The frame without the data layer: the deferred form brings its own.
    <AuthFrame title="Sign in">
      <LoginPanel callbackUrl={callbackUrl} expired={params.expired === "1"} oidc={oidc} />
    </AuthFrame>
  );
}
