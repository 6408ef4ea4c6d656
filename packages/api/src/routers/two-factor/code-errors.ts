// How a failed code check leaves a signed-in procedure: a wrong code is a field error on
// `code` (400: the caller is signed in, so not 401, which would read as "signed out"),
// a limited one is 429/503 with the limiter's headers.
import { TRPCError } from "@trpc/server";
import type { CodeCheck } from "../../auth/second-factor";
import type { Context } from "../../context";
import { fieldsError } from "../../errors";
import { rateLimitHeaders } from "../../ratelimit/enforce";
import { twoFactorMessages } from "../../schemas/two-factor";

export function throwCodeFailure(ctx: Context, check: Extract<CodeCheck, { ok: false }>): never {
  if (check.limited) {
    if (ctx.resHeaders) rateLimitHeaders(ctx.resHeaders, check.limited);
    throw new TRPCError({
      code: check.limited.status === 503 ? "SERVICE_UNAVAILABLE" : "TOO_MANY_REQUESTS",
      message: check.limited.message,
    });
  }
  throw fieldsError("BAD_REQUEST", twoFactorMessages.otpInvalid, {
    code: [twoFactorMessages.otpInvalid],
  });
}
