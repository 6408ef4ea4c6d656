// The session cookie: next-auth's JWT, read without next-auth's request handling. Shared by
// the next-auth configuration (auth.ts) and the API handler, which needs only this part
// (the production server loads it outside Next's bundles, without the providers).
import type { NextAuthOptions } from "next-auth";
import { getToken, type JWT } from "next-auth/jwt";
import { authSecret, type SessionRef } from "@taskfort/api";
import { getEnv } from "@taskfort/config/env";

/** Production cookies are Secure (and __Secure-/__Host- prefixed). */
export function secureCookies(): boolean {
  return getEnv().NODE_ENV === "production";
}

/**
 * Secure cookies with the __Secure-/__Host- prefixes in production; HttpOnly and SameSite=Lax
 * always. The session cookie is __Host-: a browser only accepts it from this exact origin
 * (Secure, Path=/, no Domain), so a sibling subdomain or another port cannot plant ("toss")
 * a session cookie of the same name to capture the victim's writes in the attacker's account.
 */
export function cookieSettings(secure: boolean): NonNullable<NextAuthOptions["cookies"]> {
  const options = { httpOnly: true, sameSite: "lax" as const, path: "/", secure };
  const prefix = secure ? "__Secure-" : "";
  return {
    sessionToken: { name: `${secure ? "__Host-" : ""}next-auth.session-token`, options },
    callbackUrl: { name: `${secure ? "__Host-" : ""}next-auth.callback-url`, options },
    csrfToken: { name: `${secure ? "__Host-" : ""}next-auth.csrf-token`, options },
    pkceCodeVerifier: {
      name: `${prefix}next-auth.pkce.code_verifier`,
      options: { ...options, maxAge: 900 },
    },
    state: { name: `${prefix}next-auth.state`, options: { ...options, maxAge: 900 } },
    nonce: { name: `${prefix}next-auth.nonce`, options },
  };
}

export function sessionRefFromToken(token: JWT | null | undefined): SessionRef | null {
  const sid = token?.sid;
  return typeof token?.sub === "string" && typeof sid === "string"
    ? { userId: token.sub, sessionId: sid }
    : null;
}

/** The Cookie header as name → every value sent under that name, in order. */
function parseCookies(header: string | null): Map<string, string[]> {
  const cookies = new Map<string, string[]>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    cookies.set(name, [...(cookies.get(name) ?? []), part.slice(eq + 1).trim()]);
  }
  return cookies;
}

/**
 * The session behind this request's cookie, or null. The JWT is verified and decrypted
 * with AUTH_SECRET: a tampered cookie or one made with another secret decodes to
 * nothing and the request is simply signed out. Only the cookie is read, never an
 * Authorization header (getToken would otherwise accept a session JWT as a Bearer
 * credential, which belongs to API tokens here). Whether the session is still live is
 * decided by authenticate() against the database.
 */
export async function getSessionRef(req: Request): Promise<SessionRef | null> {
  return getSessionRefFromHeaders(req.headers);
}

/** The same for server components and actions: pass `await headers()` from next/headers. */
export async function getSessionRefFromHeaders(headers: Headers): Promise<SessionRef | null> {
  const secure = secureCookies();
  const name = cookieSettings(secure).sessionToken!.name;
  const sent = parseCookies(headers.get("cookie"));
  // Two session cookies mean one was planted (cookie tossing): which one is the victim's
  // cannot be told, so the request is signed out rather than acting for either account.
  const values = sent.get(name) ?? [];
  if (values.length !== 1) return null;
  const token = await getToken({
    req: { headers: {}, cookies: { [name]: values[0]! } } as never,
    secret: authSecret(),
    cookieName: name,
    secureCookie: secure,
    // A foreign or tampered cookie is an ordinary event, not an error worth a stack trace.
    logger: { ...console, error: () => {} },
  }).catch(() => null);
  return sessionRefFromToken(token);
}
