import { redirect } from "next/navigation";
import { hasSecondFactor } from "@taskfort/api";
import { getEnv } from "@taskfort/config/env";
import { getDb } from "@taskfort/db";
import { getCurrentUser, sessionEnded } from "@/trpc/server";

/** Where an admin without a second factor is sent while REQUIRE_ADMIN_2FA is on. */
export const ENROL_PATH = "/settings/account";

/**
 * The signed-in user, or a redirect to sign in that comes back to `path` afterwards. With
 * REQUIRE_ADMIN_2FA, an admin without a second factor sees only the enrolment page (the API
 * refuses them everything else as well; this is the page-level half).
 */
export async function requireUser(path: string) {
  const user = await getCurrentUser();
  if (!user)
    redirect(
      `/login?${(await sessionEnded()) ? "expired=1&" : ""}callbackUrl=${encodeURIComponent(path)}`,
    );
  if (
    user.role === "ADMIN" &&
    path !== ENROL_PATH &&
    getEnv().REQUIRE_ADMIN_2FA &&
    !(await hasSecondFactor(getDb(), user.id))
  )
    redirect(`${ENROL_PATH}?enrol=1`);
  return user;
}
