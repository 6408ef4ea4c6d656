// First OIDC sign-in creates an account and links the external identity to it
// (Account row, keyed by provider + subject); later sign-ins find it by that link.
// An existing local account is deliberately NOT linked by matching username or email:
// whoever controls the identity provider could otherwise name any local user and take
// the account over. The username is derived from the provider's claims and made unique.
import { randomBytes } from "node:crypto";
import { recordSecurityEvent } from "../audit";
import type { AuthUser, Context } from "../context";
import { USERNAME_MAX, USERNAME_MIN } from "../schemas/auth";
import { usernameKey } from "../schemas/auth";
import { prismaFailure } from "../errors";

type OidcContext = Pick<Context, "db" | "ip" | "requestId" | "user">;

export interface OidcIdentity {
  provider: string;
  /** The provider's stable subject (`sub`). */
  subject: string;
  /** preferred_username, name or email local part, whichever the provider gave. */
  suggestedUsername?: string | null;
}

function baseUsername(suggested: string | null | undefined): string {
  const cleaned = (suggested ?? "")
    .split("@")[0]!
    .replace(/[^A-Za-z0-9_.-]/g, "")
    .slice(0, USERNAME_MAX - 5);
  return cleaned.length >= USERNAME_MIN ? cleaned : "user";
}

/** The linked user, or null when that user is disabled (sign-in refused). */
export async function userForOidcSignIn(
  ctx: OidcContext,
  identity: OidcIdentity,
): Promise<AuthUser | null> {
  const select = { id: true, username: true, role: true, disabledAt: true } as const;
  const linked = await ctx.db.account.findUnique({
    where: {
      provider_providerAccountId: {
        provider: identity.provider,
        providerAccountId: identity.subject,
      },
    },
    select: { user: { select } },
  });
  let user = linked?.user ?? null;
  if (!user) {
    const base = baseUsername(identity.suggestedUsername);
    for (let attempt = 0; attempt < 5 && !user; attempt++) {
      const username = attempt === 0 ? base : `${base}-${randomBytes(2).toString("hex")}`;
      try {
        user = await ctx.db.user.create({
          // No password: this account signs in only through the provider until one is set.
          data: {
            username,
            usernameKey: usernameKey(username),
            accounts: {
              create: { provider: identity.provider, providerAccountId: identity.subject },
            },
          },
          select,
        });
        recordSecurityEvent(ctx, "auth.register", {
          actorId: user.id,
          target: user.id,
          meta: { via: identity.provider },
        });
      } catch (error) {
        if (prismaFailure(error) !== "unique-violation") throw error;
        // Either the username is taken (try another) or a parallel first sign-in linked the account (use it).
        const raced = await ctx.db.account.findUnique({
          where: {
            provider_providerAccountId: {
              provider: identity.provider,
              providerAccountId: identity.subject,
            },
          },
          select: { user: { select } },
        });
        user = raced?.user ?? null;
      }
    }
    if (!user) throw new Error("could not create an account for this OIDC identity");
  }
  if (user.disabledAt) {
    recordSecurityEvent(ctx, "auth.login.failure", {
      actorId: null,
      target: user.id,
      meta: { reason: "disabled", via: identity.provider },
    });
    return null;
  }
  recordSecurityEvent(ctx, "auth.login.success", {
    actorId: user.id,
    target: user.id,
    meta: { via: identity.provider },
  });
  return { id: user.id, username: user.username, role: user.role };
}
