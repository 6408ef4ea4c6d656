import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { RegisterForm } from "@/components/auth/register-form";
import { getCurrentUser } from "@/trpc/server";

export const metadata: Metadata = { title: "Create an account · Taskfort" };

export default async function RegisterPage() {
  if (await getCurrentUser()) redirect("/tasks");
  return (
    <AuthCard title="Create an account">
      <RegisterForm />
    </AuthCard>
  );
}
