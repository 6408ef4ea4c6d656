// next-auth configuration: the only place that knows next-auth.
//
// Sessions are JWTs that carry nothing but a server-side Session id and the user id.
// Every request resolves that row (packages/api authenticate), so sign-out, which
// deletes it, ends the session even for a saved copy of the cookie, and a disable or a
// role change applies on the next request. The auth rules themselves (password check,
// account linking, audit) live in @taskfort/api; this file only wires them to next-auth.
import type { NextAuthOptions, User } from "next-auth";
import type { JWT } from "next-auth/jwt";
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
} from "@taskfort/api";
import { getEnv, oidcSettings, setEnvForChildren } from "@taskfort/config/env";
import { loginInput, type SignInOtpError } from "@taskfort/api/schemas";
import { getDb } from "@taskfort/db";
import { pageRequestScope } from "@/server/request-scope";
import { cookieSettings, secureCookies, sessionRefFromToken } from "@/server/session";
import { sameOriginRedirect } from "@/lib/errors";

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

/** For audit events from next-auth's callbacks: the request scope its route handler runs in (api-handler.ts withApiEdge). */
function eventContext() {
  const { ip, requestId } = pageRequestScope(new Headers());
  return { db: getDb(), ip, requestId, user: null };
}

/** next-auth hands callbacks a plain header object; the passkey check reads the origin from it (appOrigin). */
function headersFrom(headers: Record<string, string | string[] | undefined> | undefined): Headers {
  const h = new Headers();
  for (const [key, value] of Object.entries(headers ?? {}))
    if (typeof value === "string") h.set(key, value);
  return h;
}

interface OidcProfile {
  sub: string;
  preferred_username?: string;
  name?: string;
  email?: string;
}

function oidcProvider(): OAuthConfig<OidcProfile> | null {
  const settings = oidcSettings(getEnv());
  if (!settings) return null;
  const issuer = settings.issuer.replace(/\/$/, "");
  return {
    id: OIDC_PROVIDER_ID,
    name: "Single sign-on",
    type: "oauth",
    wellKnown: `${issuer}/.well-known/openid-configuration`,
    issuer,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
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
  const secure = secureCookies();
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
        async authorize(credentials): Promise<User | null> {
          const username = typeof credentials?.username === "string" ? credentials.username : "";
          const password = typeof credentials?.password === "string" ? credentials.password : "";
          const otp = typeof credentials?.otp === "string" ? credentials.otp : "";
          // Same bounds as auth.login (loginInput); out-of-bounds input is a failed sign-in, never a hasher run on 1 MB.
          if (!loginInput.safeParse({ username, password, otp }).success) return null;
          const outcome = await checkCredentials(
            eventContext(),
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
          const ctx = eventContext();
          // The origin the browser signed for must be ours (AUTH_URL, else the request's own).
          const user = await verifyPasskeySignIn(
            ctx,
            relyingParty(appOrigin({ headers: headersFrom(req.headers) })),
            response,
          );
          return user ? { id: user.id, name: user.username } : null;
        },
      }),
      ...(oidc ? [oidc] : []),
    ],
    callbacks: {
      redirect: ({ url, baseUrl }) => sameOriginRedirect(url, baseUrl),
      async signIn({ user, account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        const p = profile as OidcProfile | undefined;
        const linked = await userForOidcSignIn(eventContext(), {
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
