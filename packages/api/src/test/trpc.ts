// Callers and error helpers for router tests. Errors are run through the real
// errorFormatter, so tests check exactly the `data` a client receives.
import { getErrorShape, TRPCError } from "@trpc/server";
import type { Db } from "@taskfort/db";
import { createContextInner, type Principal } from "../context";
import { appRouter, createCaller } from "../index";
import { createMemoryRateLimiter } from "../ratelimit";
import type { ErrorData } from "../trpc";

/**
 * A fresh in-process limiter per caller: suites about other things must not trip over the
 * shared buckets (every anonymous caller here is 127.0.0.1). Rate limiting itself is tested
 * in middleware/rate-limit.test.ts with its own limiter.
 */
export function callerFor(db: Db, principal: Principal | null) {
  return createCaller(createContextInner({ db, principal, limiter: createMemoryRateLimiter() }));
}

/** Awaits a call that must fail and returns the formatted error's `data` (code, message, fields, httpStatus). */
export async function errorOf(call: Promise<unknown>): Promise<ErrorData> {
  let caught: unknown;
  try {
    await call;
  } catch (error) {
    caught = error;
  }
  if (caught === undefined) throw new Error("expected the call to fail, but it succeeded");
  if (!(caught instanceof TRPCError)) throw new Error("expected a TRPCError", { cause: caught });
  const shape = getErrorShape({
    config: appRouter._def._config,
    error: caught,
    type: "unknown",
    path: undefined,
    input: undefined,
    ctx: undefined,
  });
  return shape.data;
}
