"use client";
import { useState } from "react";
import { signOutToLogin } from "@/lib/sign-out";
import { Button } from "./ui/button";

/** Every signed-in page shows it; next-auth/react is loaded only when it is pressed (signOutToLogin). */
export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="secondary"
      size="small"
      className="whitespace-nowrap"
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
