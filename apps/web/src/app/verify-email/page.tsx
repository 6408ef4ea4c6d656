import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { VerifyEmail } from "@/components/auth/verify-email";

export const metadata: Metadata = { title: "Confirm email · Taskfort" };

export default function VerifyEmailPage() {
  return (
    <AuthCard title="Confirm your email address">
      <VerifyEmail />
    </AuthCard>
  );
}
