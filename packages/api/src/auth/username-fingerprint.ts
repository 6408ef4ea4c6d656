// What the logs and the audit table keep of a username nobody has: a keyed hash, never the
// text. People type their password into the username field; a failed sign-in for a name
// that does not exist must not write that password down. The key is AUTH_SECRET (a stable
// fingerprint across restarts, so repeated attempts on one name can be correlated), or a
// per-process random key where AUTH_SECRET is not set (development, tests). Without the key
// nobody can test guesses against the fingerprint.
import { createHmac, randomBytes } from "node:crypto";
import { getEnv } from "@taskfort/config/env";
import { usernameKey } from "../schemas/auth";

let fallbackKey: Buffer | undefined;

export function usernameFingerprint(username: string): string {
  const key = getEnv().AUTH_SECRET ?? (fallbackKey ??= randomBytes(32));
  const mac = createHmac("sha256", key)
    .update("taskfort username fingerprint\0")
    .update(usernameKey(username.trim()).slice(0, 64))
    .digest("base64url");
  return `h:${mac.slice(0, 22)}`;
}
