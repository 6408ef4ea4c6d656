"use client";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button } from "./ui";

/** next-auth's sign-out: its event deletes the server-side session, so a copied cookie stops working too. */
export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="secondary"
      className="min-h-9 px-3 py-1 whitespace-nowrap"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl: "/login" });
      }}
    >
      {pending ? "Signing out…" : "Sign out"}
    </Button>
  );
}
