// initTRPC, the errorFormatter and the procedure builders; nothing else.
// Policy lives in the builders: a procedure picks public/protected/admin and gets
// the matching checks (and, from the middlewares, limits) with no per-handler code.
import { initTRPC, type TRPCError } from "@trpc/server";
import type { OpenApiMeta } from "trpc-to-openapi";
import { getEnv } from "@taskfort/config/env";
import { recordSecurityEvent } from "./audit";
import { hasSecondFactor } from "./auth/second-factor";
import type { Context } from "./context";
import type { Role, Scope } from "./principal";
import {
  AppError,
  GENERIC_INTERNAL_MESSAGE,
  normalizeError,
  toErrorBody,
  type ErrorBody,
  type NormalizedError,
} from "./errors";
import { currentRequest } from "./request-scope";
import { CsrfRefusal, enforceSameOrigin } from "./middleware/origin";
import { enforceRateLimit, type RateLimitMeta } from "./middleware/rate-limit";
import { rejectUnsafeInput } from "./middleware/unsafe-input";
import { twoFactorMessages } from "./schemas/two-factor";

export interface Meta extends OpenApiMeta, RateLimitMeta {
  /** The API-token scope this procedure needs; session callers are not scoped. */
  scope?: Scope;
  /** A DELETE whose input (a password) comes as a JSON body, never in the URL (see rest/handler.ts). */
  deleteBody?: true;
  /** Any API token may call it whatever its scopes (GET /me: a script asking who it runs as). */
  anyToken?: true;
  /** REST success status when it is not 200 (201 created, 204 no content: the body is dropped). See rest/. */
  successStatus?: 201 | 202 | 204;
  /** REST answers with the output's `content` as an attachment (`filename`, `contentType`), not as JSON. */
  download?: boolean;
  /** REST accepts a body up to IMPORT_MAX_BODY_BYTES (not MAX_BODY_BYTES), JSON or text/csv. */
  largeBody?: boolean;
  /** Callable by an admin who has no second factor yet while REQUIRE_ADMIN_2FA is on (the enrolment procedures). */
  allowWithoutSecondFactor?: true;
}

export type ErrorData = ErrorBody & { httpStatus: number };

// What the formatter made of each error, so the REST adapter builds its envelope from this
// very data instead of parsing the adapter's JSON and serialising it again.
const formatted = new WeakMap<TRPCError, ErrorData>();

/** The errorFormatter's data for an error tRPC has already formatted, if any. */
export function formattedErrorData(error: TRPCError): ErrorData | undefined {
  return formatted.get(error);
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    errorFormatter({ shape, error, ctx }) {
      const production = getEnv().NODE_ENV === "production";
      // The formatter must never throw: tRPC then never answers the request at all.
      let normalized: NormalizedError;
      try {
        normalized = normalizeError(error, production);
      } catch {
        normalized = {
          code: "INTERNAL_SERVER_ERROR",
          status: 500,
          message: GENERIC_INTERNAL_MESSAGE,
          expected: false,
        };
      }
      // No ctx when createContext itself failed (e.g. the database is down): the request scope still knows the id.
      const body = toErrorBody(
        normalized,
        ctx?.requestId ?? currentRequest()?.requestId ?? "unknown",
      );
      // The contract's fields sit in `data`; httpStatus drives the HTTP status tRPC sends.
      const data: ErrorData = { ...body, httpStatus: normalized.status };
      formatted.set(error, data);
      return { code: shape.code, message: body.message, data };
    },
  });

export const router = t.router;
export const middleware = t.middleware;
export const createCallerFactory = t.createCallerFactory;
export const mergeRouters = t.mergeRouters;

/**
 * A request that presented a bad API token is refused even on public procedures: a
 * script with a revoked or mistyped token should fail loudly, not run as anonymous.
 */
const rejectBadToken = t.middleware(({ ctx, next }) => {
  if (ctx.authRejected) throw new AppError("UNAUTHORIZED", ctx.authRejected);
  return next();
});

/** Runs first on every procedure, before any auth check, so calls that end in 401 count too. */
const rateLimited = t.middleware(async (opts) => {
  await enforceRateLimit(opts);
  return opts.next();
});

/**
 * authz.denied, recorded in one place for every UNAUTHORIZED and FORBIDDEN a procedure or
 * middleware below throws (a CSRF refusal has its own csrf.blocked event). Outermost, so
 * it sees them all; the event is written in the background and never changes the answer.
 */
const auditDenials = t.middleware(async ({ ctx, path, next }) => {
  const result = await next();
  if (
    !result.ok &&
    (result.error.code === "UNAUTHORIZED" || result.error.code === "FORBIDDEN") &&
    !(result.error.cause instanceof CsrfRefusal)
  ) {
    recordSecurityEvent(ctx, "authz.denied", {
      meta: { procedure: path, code: result.error.code },
    });
  }
  return result;
});

/** Cookie-authenticated writes must come from the app's own origin (or an allow-listed one). */
const sameOrigin = t.middleware((opts) => {
  enforceSameOrigin(opts);
  return opts.next();
});

/** NUL characters and __proto__/constructor/prototype keys are refused before any schema runs. */
const safeInput = t.middleware(async (opts) => {
  await rejectUnsafeInput(opts);
  return opts.next();
});

export const publicProcedure = t.procedure
  .use(auditDenials)
  .use(rateLimited)
  .use(rejectBadToken)
  .use(sameOrigin)
  .use(safeInput);

/** Not signed in → UNAUTHORIZED. Narrows ctx.user so handlers never null-check it. */
const isAuthed = t.middleware(({ ctx, meta, next }) => {
  if (!ctx.principal || !ctx.user)
    throw new AppError("UNAUTHORIZED", "Sign in or send a valid API token.");
  // A token may only do what its scopes say; a browser session is its user. Procedures
  // without a scope (token management, admin) are session-only, so a leaked read token
  // can never mint a write token or reach the admin area.
  if (ctx.principal.kind === "token" && !meta?.anyToken) {
    if (!meta?.scope)
      throw new AppError(
        "FORBIDDEN",
        "API tokens can only call task endpoints; sign in to do this.",
      );
    if (!ctx.principal.scopes.includes(meta.scope)) {
      throw new AppError("FORBIDDEN", `This API token lacks the "${meta.scope}" scope.`);
    }
  }
  return next({ ctx: { ...ctx, principal: ctx.principal, user: ctx.user } });
});

/** Signed in but not allowed → FORBIDDEN (never UNAUTHORIZED, which would invite a re-login). */
const hasRole = (role: Role) =>
  t.middleware(({ ctx, next }) => {
    if (ctx.user?.role !== role) throw new AppError("FORBIDDEN", "This needs the admin role.");
    return next();
  });

/**
 * REQUIRE_ADMIN_2FA: an admin without a second factor may call only the enrolment procedures,
 * on every surface (tRPC and REST), not only in the UI. Looked up only for admins with the
 * setting on, so nobody else pays a query for it.
 */
const adminSecondFactorGate = t.middleware(async ({ ctx, meta, next }) => {
  if (
    ctx.user?.role === "ADMIN" &&
    !meta?.allowWithoutSecondFactor &&
    getEnv().REQUIRE_ADMIN_2FA &&
    !(await hasSecondFactor(ctx.db, ctx.user.id))
  )
    throw new AppError("FORBIDDEN", twoFactorMessages.adminMustEnrol);
  return next();
});

export const protectedProcedure = publicProcedure.use(isAuthed).use(adminSecondFactorGate);
export const adminProcedure = protectedProcedure.use(hasRole("ADMIN"));
