"use client";
// A module of its own, importing nothing else: every signed-in page's sign-out button uses it.

/**
 * next-auth's sign-out, then /login: its event deletes the server-side session, so a copied
 * cookie stops working too. next-auth/react is loaded here, when someone signs out.
 */
export async function signOutToLogin(): Promise<void> {
  const { signOut } = await import("next-auth/react");
  await signOut({ callbackUrl: "/login" });
}
