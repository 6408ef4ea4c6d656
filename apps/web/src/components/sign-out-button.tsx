"use client";
import { useState } from "react";
import { Button } from "./ui";

/**
 * next-auth's sign-out: its event deletes the server-side session, so a copied cookie stops
 * working too. next-auth/react is loaded on the click: every signed-in page shows this button,
 * and none needs that module before it is pressed.
 */
export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="secondary"
      className="min-h-9 px-3 py-1 whitespace-nowrap"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void import("next-auth/react").then(({ signOut }) => signOut({ callbackUrl: "/login" }));
      }}
    >
      {pending ? "Signing out…" : "Sign out"}
    </Button>
  );
}
