// The admin named by ADMIN_USERNAME / ADMIN_PASSWORD, created at start-up when both are
// set (any environment). Idempotent. An existing account of that name is never promoted
// or given a new password: in production someone may have registered that name before
// the operator configured it, and promoting them would hand a stranger the admin role.
import { getEnv } from "@taskfort/config/env";
import type { Db } from "@taskfort/db";
import { newPasswordProblem } from "./auth/password-policy";
import { hashPassword } from "./auth/password";
import { prismaFailure } from "./errors";
import { getLogger } from "./logger";
import { registerInput, usernameKey } from "./schemas/auth";

export type EnsureAdminResult =
  | { status: "not-configured" }
  | { status: "created" | "exists"; userId: string; username: string }
  | { status: "conflict"; username: string };

export async function ensureAdminFromEnv(
  db: Db,
  env: { ADMIN_USERNAME?: string; ADMIN_PASSWORD?: string } = getEnv(),
): Promise<EnsureAdminResult> {
  const username = env.ADMIN_USERNAME;
  const password = env.ADMIN_PASSWORD;
  if (!username || !password) return { status: "not-configured" };

  const existing = await db.user.findUnique({
    where: { usernameKey: usernameKey(username) },
    select: { id: true, username: true, role: true },
  });
  if (existing) {
    if (existing.role === "ADMIN")
      return { status: "exists", userId: existing.id, username: existing.username };
    getLogger().warn(
      { event: "admin.seed.conflict", username },
      "ADMIN_USERNAME names an existing non-admin account; it was not promoted",
    );
    return { status: "conflict", username: existing.username };
  }

  // The same rules as registration, so a configured admin is never the weakest account.
  const parsed = registerInput.safeParse({ username, password });
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  const problem = parsed.success ? await newPasswordProblem(password, username) : null;
  if (problem) problems.push(`password: ${problem}`);
  if (problems.length)
    throw new Error(`ADMIN_USERNAME/ADMIN_PASSWORD rejected: ${problems.join("; ")}`);

  let user: { id: string; username: string };
  try {
    user = await db.user.create({
      data: {
        username,
        usernameKey: usernameKey(username),
        passwordHash: await hashPassword(password),
        role: "ADMIN",
      },
      select: { id: true, username: true },
    });
  } catch (error) {
    // Another start-up in the same moment (Next's instrumentation hook and the production
    // server, or a second worker) created it first: the account is there, which is the goal.
    if (prismaFailure(error) === "unique-violation") return ensureAdminFromEnv(db, env);
    throw error;
  }
  getLogger().info(
    { event: "admin.seed.created", userId: user.id, username: user.username },
    "admin account created from ADMIN_USERNAME",
  );
  return { status: "created", userId: user.id, username: user.username };
}
