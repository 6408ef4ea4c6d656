import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { createCallerFactory } from "./trpc";
import { appRouter, type AppRouter } from "./root";

export { appRouter, type AppRouter };
export type { SessionRef } from "./auth/authenticate";
export {
  createContext,
  createContextInner,
  type Context,
  type AuthUser,
  type Principal,
  type Scope,
} from "./context";
export { closeLogger, getLogger } from "./logger";
export { metricsText, OTHER_ROUTE } from "./metrics";
export { trpcRouteTemplate } from "./route-templates";
export { mailMode, type MailMode } from "./mail/mailer";
export { flushBackgroundWork } from "./background";
export {
  runHousekeeping,
  startHousekeeping,
  startProcessHousekeeping,
  stopProcessHousekeeping,
  type Housekeeping,
} from "./housekeeping";
export * from "./auth/web";
export {
  checkAuthLimit,
  checkProbeLimit,
  createMemoryRateLimiter,
  createRateLimiter,
  createUpstashRateLimiter,
  getRateLimiter,
  rateLimitHeaders,
  type LimitOutcome,
  type RateLimiter,
} from "./ratelimit";
export { ipRateLimitKey, resolveClientIp, type TrustProxy } from "./client-ip";
export { MAX_BATCH_SIZE, ratePolicies } from "./limits";
export * from "./errors";
export { handleApiRequest, type ApiRequestOptions } from "./middleware/api-request";
export { withHeaders } from "./response-headers";
export { countRefusedRequest } from "./middleware/rate-limit";
export { readBodyCapped, withCappedBody } from "./middleware/body-limit";
export { logUnexpectedError, withRequestScope, writeRequestLine } from "./middleware/logging";
export {
  currentRequest,
  newRequestScope,
  runInRequestScope,
  type RequestScope,
} from "./request-scope";
export { appOrigin, corsHeaders, isSameOriginOrAllowed } from "./middleware/origin";

export const createCaller = createCallerFactory(appRouter);
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
