"use client";
// The sign-in form with its data layer (the passkey sign-in uses tRPC). Loaded by LoginPanel
// (login-page.tsx) once the person is there, so /login's first load is React, Next and the frame.
import { TRPCReactProvider } from "@/trpc/client";
import { LoginForm, type LoginFormProps } from "./login-form";

export default function LoginPanel(props: LoginFormProps) {
  return (
    <TRPCReactProvider>
      <LoginForm {...props} />
    </TRPCReactProvider>
  );
}
