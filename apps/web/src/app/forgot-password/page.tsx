import type { Metadata } from "next";
import { mailMode } from "@taskfort/api";
import { AuthCard } from "@/components/auth/auth-card";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";
import { InfoNotice } from "@/components/auth/info-notice";

export const metadata: Metadata = { title: "Forgot password · Taskfort" };

export default function ForgotPasswordPage() {
  return (
    <AuthCard title="Forgot your password?">
      {mailMode() === "off" ? (
        <InfoNotice>
          This server does not send mail, so a reset link cannot be mailed. Ask an administrator for
          a password reset link.
        </InfoNotice>
      ) : (
        <ForgotPasswordForm />
      )}
    </AuthCard>
  );
}
