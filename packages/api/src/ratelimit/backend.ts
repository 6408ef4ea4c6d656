// Picks the backend from the environment: Upstash when UPSTASH_REDIS_REST_URL/TOKEN are
// set, the in-process limiter otherwise (production refuses that unless
// RATE_LIMIT_BACKEND=memory, see productionProblems in @taskfort/config/env).
import { getEnv, type Env } from "@taskfort/config/env";
import { createMemoryRateLimiter } from "./memory";
import { createUpstashRateLimiter } from "./upstash";
import type { RateLimiter } from "./types";

export function createRateLimiter(env: Env = getEnv()): RateLimiter {
  if (
    env.RATE_LIMIT_BACKEND !== "memory" &&
    env.UPSTASH_REDIS_REST_URL &&
    env.UPSTASH_REDIS_REST_TOKEN
  ) {
    return createUpstashRateLimiter({
      url: env.UPSTASH_REDIS_REST_URL,
      token: env.UPSTASH_REDIS_REST_TOKEN,
    });
  }
  return createMemoryRateLimiter();
}

// One per process: the in-process backend's counters must be shared by every request.
const globalForLimiter = globalThis as unknown as { taskfortRateLimiter?: RateLimiter };

export function getRateLimiter(): RateLimiter {
  globalForLimiter.taskfortRateLimiter ??= createRateLimiter();
  return globalForLimiter.taskfortRateLimiter;
}
