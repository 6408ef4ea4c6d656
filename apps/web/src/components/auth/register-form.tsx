"use client";
import Link from "next/link";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { registerInput } from "@taskfort/api/schemas";
import { describeError, type ErrorInfo } from "@/lib/errors";
import { signInWithPassword } from "@/lib/sign-in";
import { useZodForm } from "@/lib/use-zod-form";
import { useTRPC } from "@/trpc/client";
import { Button, focusRing, FormError, TextField } from "../ui";

export function RegisterForm() {
  const trpc = useTRPC();
  const form = useZodForm(registerInput, { username: "", password: "" }, "register");
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [signingIn, setSigningIn] = useState(false);
  const register = useMutation(
    trpc.auth.register.mutationOptions({
      onError: (err) => {
        const info = describeError(err);
        // A taken username is about the username field.
        form.setServerErrors(info.code === "CONFLICT" ? { username: [info.message] } : info.fields);
        setError(info.fields || info.code === "CONFLICT" ? null : info);
      },
    }),
  );

  return (
    <form
      {...form.formProps}
      className="space-y-1"
      onSubmit={form.handleSubmit(async (data) => {
        setError(null);
        try {
          await register.mutateAsync(data);
        } catch {
          return;
        }
        setSigningIn(true);
        const result = await signInWithPassword(data.username, data.password);
        if (result.ok) {
          // A full page load: no client state from before the sign-in survives.
          window.location.assign("/tasks");
        } else {
          setSigningIn(false);
          setError(result.error);
        }
      })}
    >
      <TextField
        label="Username"
        autoComplete="username"
        required
        hint="3 to 32 letters, digits, _ . or -"
        {...form.field("username")}
      />
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 8 characters, not your username"
        {...form.field("password")}
      />
      <FormError error={error} />
      <Button type="submit" disabled={register.isPending || signingIn} className="w-full">
        {register.isPending ? "Creating account…" : signingIn ? "Signing in…" : "Create account"}
      </Button>
      <p className="pt-3 text-sm">
        Already registered?{" "}
        <Link href="/login" className={`text-blue-800 underline ${focusRing}`}>
          Sign in
        </Link>
      </p>
    </form>
  );
}
