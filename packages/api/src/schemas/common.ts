// Building blocks shared by the schemas. Client-safe: zod only.
import { z } from "zod";
import "./zod";

export const REQUIRED_MESSAGE = "This field is required.";

/** Unknown keys fail instead of being dropped, so `ownerId`, `role` or `id` can never ride along in a body. */
export const strictObject = z.strictObject;

/** Missing or null → the contract's "This field is required."; other wrong types keep zod's own message. */
export const requiredError = (issue: { input?: unknown }) =>
  issue.input == null ? REQUIRED_MESSAGE : undefined;

/**
 * A JSON boolean and nothing else.
 *
 * Not a bare z.boolean(): trpc-to-openapi 3.3 (`coerceSchema` in its REST adapter) sets
 * `coerce = true` on every ZodBoolean/ZodNumber it finds in a procedure's input shape. It
 * mutates the shared schema instance, so after one REST call `"false"` would parse as
 * `true` on every surface (REST body, tRPC, and any other parse in the process). The
 * adapter does not look inside a pipe, and a pipe documents as its input side, so the
 * OpenAPI document still says `boolean`.
 */
export const jsonBoolean = () => z.boolean().pipe(z.boolean());

/** Query strings carry text: "true"/"false" become booleans; anything else must already be one. */
export const queryBoolean = () =>
  z.preprocess(
    (value: boolean | "true" | "false") =>
      value === "true" ? true : value === "false" ? false : value,
    z.boolean(),
  );

/** A positive integer that may arrive as a decimal string (query strings). Not z.coerce: that turns "" and null into 0 and true into 1. */
export const queryInt = (min: number, max: number, messages: { min: string; max: string }) =>
  z.preprocess(
    (value: number | string) =>
      typeof value === "string" && /^\d{1,9}$/.test(value) ? Number(value) : value,
    z.number().int().min(min, messages.min).max(max, messages.max),
  );
