// Limits the browser bundle needs too. Client-safe: no imports (limits.ts pulls in the
// env schema, and zod's eval probe in a browser bundle trips the CSP). limits.ts re-exports these.

/** Calls allowed in one tRPC HTTP batch. Each call still counts against the rate limit on its own. */
export const MAX_BATCH_SIZE = 10;

/**
 * Combining marks allowed on one letter or digit of a title. Real scripts stack a few
 * (Vietnamese two, Devanagari or Tibetan three); "Zalgo" text stacks hundreds, which draw
 * over the rows above and below it.
 */
export const MAX_COMBINING_MARKS = 4;

/** The contract's exact 429 wording (the sign-in form builds it too, from next-auth's answer). */
export function throttledMessage(retryAfterSeconds: number): string {
  return `Request was throttled. Expected available in ${retryAfterSeconds} seconds.`;
}

/** The task import's body cap (the one route allowed more than the 100 KB of every other request). */
export const IMPORT_MAX_BODY_BYTES = 1024 * 1024;
