export { createRateLimiter, getRateLimiter } from "./backend";
export { createMemoryRateLimiter } from "./memory";
export { createUpstashRateLimiter } from "./upstash";
export type { RateLimiter, RateLimitResult } from "./types";
export {
  checkAuthLimit,
  checkProbeLimit,
  enforceLimits,
  rateLimitHeaders,
  type AuthLimitInput,
  type LimitCheck,
  type LimitOutcome,
} from "./enforce";
