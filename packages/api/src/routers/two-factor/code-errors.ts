// How a failed code check leaves a signed-in procedure: a wrong code is a field error on
// `code` (400: the caller is signed in, so not 401, which would read as "signed out"),
// a limited one is 429/503 with the limiter's headers.
import type { CodeCheck } from "../../auth/second-factor";
import type { Context } from "../../context";
import { fieldsError } from "../../errors";
import { limitRefusal } from "../../ratelimit/enforce";
import { twoFactorMessages } from "../../schemas/two-factor";

export function throwCodeFailure(ctx: Context, check: Extract<CodeCheck, { ok: false }>): never {
  if (check.limited) throw limitRefusal(check.limited, ctx.resHeaders);
  throw fieldsError("BAD_REQUEST", twoFactorMessages.otpInvalid, {
    code: [twoFactorMessages.otpInvalid],
  });
}
