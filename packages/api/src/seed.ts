// Development seed: a demo user and an admin, so `npm run dev` is usable at once.
// Never runs in production: there, accounts come from registration and admins are
// promoted deliberately (ADMIN_USERNAME/ADMIN_PASSWORD are for dev convenience only).
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { getEnv } from "@taskfort/config/env";
import type { Db } from "@taskfort/db";
import { hashPassword } from "./auth/password";
import { usernameKey, type Role } from "./schemas/auth";

export interface SeededAccount {
  username: string;
  role: Role;
  /** The password, when this process knows it (generated and stored under dataDir, or from ADMIN_PASSWORD). */
  password: string | null;
  created: boolean;
}

export interface SeedOptions {
  /** Where the generated passwords are kept so they survive restarts (the same folder as the embedded database). */
  dataDir: string;
}

const CREDENTIALS_FILE = "dev-credentials.json";

/** 18 random bytes → 24 URL-safe characters: far from any common-password list. */
const newPassword = () => randomBytes(18).toString("base64url");

function loadStoredPasswords(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  return JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
}

export async function seedDevData(db: Db, options: SeedOptions): Promise<SeededAccount[]> {
  const env = getEnv();
  if (env.NODE_ENV === "production")
    throw new Error("seedDevData refuses to run with NODE_ENV=production");

  const file = join(options.dataDir, CREDENTIALS_FILE);
  const stored = loadStoredPasswords(file);
  const wanted = [
    { username: "demo", role: "USER" as const, fromEnv: null },
    {
      username: env.ADMIN_USERNAME ?? "admin",
      role: "ADMIN" as const,
      fromEnv: env.ADMIN_PASSWORD ?? null,
    },
  ];

  // Passwords are written before the users exist, so a crash in between never leaves an account whose password nobody knows.
  const generatedNow = new Set<string>();
  for (const account of wanted) {
    if (account.fromEnv === null && !stored[account.username]) {
      stored[account.username] = newPassword();
      generatedNow.add(account.username);
    }
  }
  if (generatedNow.size) {
    mkdirSync(options.dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2) + "\n", { mode: 0o600 });
  }

  const seeded: SeededAccount[] = [];
  for (const account of wanted) {
    const password = account.fromEnv ?? stored[account.username] ?? null;
    const key = usernameKey(account.username);
    const existing = await db.user.findUnique({
      where: { usernameKey: key },
      select: { id: true },
    });
    if (!existing && password) {
      await db.user.create({
        data: {
          username: account.username,
          usernameKey: key,
          role: account.role,
          passwordHash: await hashPassword(password),
        },
      });
    }
    // An account that existed before we generated its password was not made by this seed: its password is unknown here.
    const known = !existing || !generatedNow.has(account.username);
    seeded.push({
      username: account.username,
      role: account.role,
      password: known ? password : null,
      created: !existing,
    });
  }
  return seeded;
}
