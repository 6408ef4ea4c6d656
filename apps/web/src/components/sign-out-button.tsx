"use client";
import { useState } from "react";
import { signOutToLogin } from "@/lib/sign-out";
import { Button } from "./ui";

/** Every signed-in page shows it; next-auth/react is loaded only when it is pressed (signOutToLogin). */
export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="secondary"
      className="min-h-9 px-3 py-1 whitespace-nowrap"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signOutToLogin();
      }}
    >
      {pending ? "Signing out…" : "Sign out"}
    </Button>
  );
}
