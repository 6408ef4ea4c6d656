// next-auth configuration: the only place that knows next-auth.
//
// Sessions are JWTs that carry nothing but a server-side Session id and the user id.
// Every request resolves that row (packages/api authenticate), so sign-out, which
// deletes it, ends the session even for a saved copy of the cookie, and a disable or a
// role change applies on the next request. The auth rules themselves (password check,
// account linking, audit) live in @taskfort/api; this file only wires them to next-auth.
import type { NextAuthOptions, User } from "next-auth";
import { getToken, type JWT } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";
import type { OAuthConfig } from "next-auth/providers/oauth";
import {
  appOrigin,
  authenticate,
  authSecret,
  checkCredentials,
  endSession,
  getLogger,
  SESSION_MAX_AGE_SECONDS,
  startSession,
  relyingParty,
  userForOidcSignIn,
  verifyPasskeySignIn,
  type AuthUser,
  type SessionRef,
} from "@taskfort/api";
import type { SignInOtpError } from "@taskfort/api/schemas";
import { getEnv, setEnvForChildren } from "@taskfort/config/env";
import { getDb } from "@taskfort/db";
import { clientIp } from "@/server/client-ip";
import { requestIdOf } from "@/server/request-id";

export const OIDC_PROVIDER_ID = "oidc";

/**
 * next-auth reads its base URL from process.env itself. With AUTH_URL set (what
 * production should do) that is the only origin it will use; without it the origin of
 * the request is used, which is fine: a forged Host can only change the URLs in the
 * forger's own response, and an OIDC provider only accepts its registered redirect URI.
 */
function configureNextAuthEnv(): void {
  const env = getEnv();
  if (env.AUTH_URL) setEnvForChildren({ NEXTAUTH_URL: env.AUTH_URL });
  else setEnvForChildren({ AUTH_TRUST_HOST: "true" });
}

/** Secure cookies with the __Secure-/__Host- prefixes in production; HttpOnly and SameSite=Lax always. */
function cookieSettings(secure: boolean): NonNullable<NextAuthOptions["cookies"]> {
  const options = { httpOnly: true, sameSite: "lax" as const, path: "/", secure };
  const prefix = secure ? "__Secure-" : "";
  return {
    sessionToken: { name: `${prefix}next-auth.session-token`, options },
    callbackUrl: { name: `${prefix}next-auth.callback-url`, options },
    csrfToken: { name: `${secure ? "__Host-" : ""}next-auth.csrf-token`, options },
    pkceCodeVerifier: {
      name: `${prefix}next-auth.pkce.code_verifier`,
      options: { ...options, maxAge: 900 },
    },
    state: { name: `${prefix}next-auth.state`, options: { ...options, maxAge: 900 } },
    nonce: { name: `${prefix}next-auth.nonce`, options },
  };
}

type HeaderRecord = Record<string, string | string[] | undefined> | undefined;

/** next-auth hands callbacks a plain header object; this makes a Request of it for the shared helpers. */
function requestFrom(headers: HeaderRecord): Request {
  const h = new Headers();
  for (const [key, value] of Object.entries(headers ?? {}))
    if (typeof value === "string") h.set(key, value);
  return new Request("http://internal.invalid/", { headers: h });
}

/** The request id and client IP come from the headers like everywhere else. */
function eventContextFrom(headers: HeaderRecord) {
  const req = requestFrom(headers);
  return { db: getDb(), ip: clientIp(req), requestId: requestIdOf(req), user: null };
}

interface OidcProfile {
  sub: string;
  preferred_username?: string;
  name?: string;
  email?: string;
}

function oidcProvider(): OAuthConfig<OidcProfile> | null {
  const env = getEnv();
  if (!env.AUTH_OIDC_ISSUER || !env.AUTH_OIDC_CLIENT_ID || !env.AUTH_OIDC_CLIENT_SECRET)
    return null;
  const issuer = env.AUTH_OIDC_ISSUER.replace(/\/$/, "");
  return {
    id: OIDC_PROVIDER_ID,
    name: "Single sign-on",
    type: "oauth",
    wellKnown: `${issuer}/.well-known/openid-configuration`,
    issuer,
    clientId: env.AUTH_OIDC_CLIENT_ID,
    clientSecret: env.AUTH_OIDC_CLIENT_SECRET,
    authorization: { params: { scope: "openid profile email" } },
    // The ID token is verified (signature, issuer, audience, nonce); profile claims such as
    // preferred_username may be served only by the userinfo endpoint, so it is asked too.
    // The subject always comes from the verified ID token.
    idToken: true,
    userinfo: {
      async request({ client, tokens }) {
        // At run time `tokens` is openid-client's TokenSet (next-auth types it as its plain parameters).
        const set = tokens as unknown as Parameters<typeof client.userinfo>[0] & {
          claims(): { sub: string };
        };
        const idClaims = set.claims();
        const info = await client.userinfo(set).catch(() => ({}));
        return { ...info, sub: idClaims.sub };
      },
    },
    checks: ["pkce", "state", "nonce"],
    // Only the subject matters: the account is found by (provider, sub), never by email.
    profile: (profile) => ({
      id: profile.sub,
      name: profile.preferred_username ?? profile.name ?? profile.email ?? null,
    }),
  };
}

// The user each token object resolved to during this request, handed from the jwt callback
// to the session callback without writing it into the JWT.
const resolvedUsers = new WeakMap<JWT, AuthUser>();

function buildAuthOptions(): NextAuthOptions {
  configureNextAuthEnv();
  const env = getEnv();
  const secure = env.NODE_ENV === "production";
  const oidc = oidcProvider();
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    useSecureCookies: secure,
    cookies: cookieSettings(secure),
    pages: { signIn: "/login" },
    logger: {
      error: (code, metadata) =>
        getLogger().error(
          {
            event: "nextauth.error",
            code,
            err: metadata instanceof Error ? metadata.message : undefined,
          },
          "next-auth error",
        ),
      warn: (code) => getLogger().warn({ event: "nextauth.warn", code }, "next-auth warning"),
      debug: () => {},
    },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Username and password",
        credentials: {
          username: { label: "Username", type: "text" },
          password: { label: "Password", type: "password" },
          otp: { label: "Authentication code", type: "text" },
        },
        async authorize(credentials, req): Promise<User | null> {
          const username = typeof credentials?.username === "string" ? credentials.username : "";
          const password = typeof credentials?.password === "string" ? credentials.password : "";
          const otp = typeof credentials?.otp === "string" ? credentials.otp : "";
          // Same bounds as auth.login; out-of-bounds input is a failed sign-in, never a hasher run on 1 MB.
          if (!username || !password || username.length > 200 || password.length > 128) return null;
          if (otp.length > 64) return null;
          const outcome = await checkCredentials(
            eventContextFrom(req.headers),
            { username, password, otp },
            "password",
          );
          if (outcome.ok) return { id: outcome.user.id, name: outcome.user.username };
          // next-auth puts a thrown message into the error parameter of its answer (401, no
          // session). These only happen after the right password: the form then asks for the code.
          if (outcome.reason === "otp-required")
            throw new Error("OtpRequired" satisfies SignInOtpError);
          if (outcome.reason === "otp-invalid")
            throw new Error("OtpInvalid" satisfies SignInOtpError);
          if (outcome.reason === "otp-limited")
            throw new Error(
              `${"OtpLimited" satisfies SignInOtpError}:${outcome.limit.retryAfterSeconds ?? 60}`,
            );
          return null;
        },
      }),
      CredentialsProvider({
        id: "passkey",
        name: "Passkey",
        credentials: { response: { label: "WebAuthn response", type: "text" } },
        async authorize(credentials, req): Promise<User | null> {
          const raw = typeof credentials?.response === "string" ? credentials.response : "";
          if (!raw || raw.length > 16_384) return null;
          let response: unknown;
          try {
            response = JSON.parse(raw);
          } catch {
            return null;
          }
          const ctx = eventContextFrom(req.headers);
          // The origin the browser signed for must be ours (AUTH_URL, else the request's own).
          const user = await verifyPasskeySignIn(
            ctx,
            relyingParty(appOrigin(requestFrom(req.headers))),
            response,
          );
          return user ? { id: user.id, name: user.username } : null;
        },
      }),
      ...(oidc ? [oidc] : []),
    ],
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        const p = profile as OidcProfile | undefined;
        const linked = await userForOidcSignIn(eventContextFrom(undefined), {
          provider: OIDC_PROVIDER_ID,
          subject: account.providerAccountId,
          suggestedUsername: p?.preferred_username ?? p?.name ?? p?.email ?? null,
        });
        if (!linked) return false;
        // From here on `user.id` is our user id, not the provider's subject (next-auth passes this object to the jwt callback).
        user.id = linked.id;
        return true;
      },
      async jwt({ token, user, trigger }) {
        if (user && (trigger === "signIn" || trigger === "signUp")) {
          // A fresh server-side session per sign-in, so the cookie value changes at every sign-in.
          const { sessionId } = await startSession(getDb(), user.id);
          return { sub: user.id, sid: sessionId };
        }
        // Reading or refreshing the session: it must still be live, or next-auth clears the cookie.
        const ref = sessionRefFromToken(token);
        const { principal } = ref
          ? await authenticate(getDb(), { authorization: null, session: ref })
          : { principal: null };
        if (!principal) throw new Error("session ended");
        const slim: JWT = { sub: ref!.userId, sid: ref!.sessionId };
        resolvedUsers.set(slim, principal.user);
        return slim;
      },
      session({ session, token }) {
        const user = resolvedUsers.get(token);
        return {
          expires: session.expires,
          user: user ? { id: user.id, username: user.username, role: user.role } : undefined,
        } as typeof session;
      },
    },
    events: {
      async signOut({ token }) {
        // Deleting the row is what makes sign-out real: the JWT itself stays valid until it expires.
        const ref = sessionRefFromToken(token);
        if (ref) await endSession(getDb(), ref.sessionId);
      },
    },
  };
}

let options: NextAuthOptions | undefined;

export function getAuthOptions(): NextAuthOptions {
  options ??= buildAuthOptions();
  return options;
}

function sessionRefFromToken(token: JWT | null | undefined): SessionRef | null {
  const sid = token?.sid;
  return typeof token?.sub === "string" && typeof sid === "string"
    ? { userId: token.sub, sessionId: sid }
    : null;
}

function parseCookies(header: string | null): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!(name in cookies)) cookies[name] = part.slice(eq + 1).trim();
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
  const opts = getAuthOptions();
  const token = await getToken({
    req: { headers: {}, cookies: parseCookies(headers.get("cookie")) } as never,
    secret: opts.secret,
    cookieName: opts.cookies!.sessionToken!.name,
    secureCookie: opts.useSecureCookies,
    // A foreign or tampered cookie is an ordinary event, not an error worth a stack trace.
    logger: { ...console, error: () => {} },
  }).catch(() => null);
  return sessionRefFromToken(token);
}

/**
 * The signed-in user for server components, route handlers and actions (`await headers()`),
 * resolved exactly as the tRPC context does: a live session row, role and disabled state
 * read from the database now. Null when signed out.
 */
export async function getSignedInUser(headers: Headers): Promise<AuthUser | null> {
  const session = await getSessionRefFromHeaders(headers);
  if (!session) return null;
  const { principal } = await authenticate(getDb(), { authorization: null, session });
  return principal?.user ?? null;
}
