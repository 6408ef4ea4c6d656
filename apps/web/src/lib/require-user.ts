import { redirect } from "next/navigation";
import { getCurrentUser, sessionEnded } from "@/trpc/server";

/** The signed-in user, or a redirect to sign in that comes back to `path` afterwards. */
export async function requireUser(path: string) {
  const user = await getCurrentUser();
  if (!user)
    redirect(
      `/login?${(await sessionEnded()) ? "expired=1&" : ""}callbackUrl=${encodeURIComponent(path)}`,
    );
  return user;
}
