// What an error may tell the client: declared by AppError's `expose`, never guessed from
// its text; Prisma failures mapped in one place.
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { AppError, GENERIC_INTERNAL_MESSAGE, normalizeError, prismaFailure } from "./errors";

function prismaError(code: string): Error {
  return Object.assign(new Error(`Invalid prisma call: ${code} SELECT * FROM "User"`), {
    name: "PrismaClientKnownRequestError",
    code,
  });
}

describe("errors", () => {
  it("errors: an AppError's 4xx message is shown; its 5xx message only when it says expose", () => {
    expect(normalizeError(new AppError("CONFLICT", "Name taken."), true)).toMatchObject({
      code: "CONFLICT",
      status: 409,
      message: "Name taken.",
    });
    expect(
      normalizeError(new AppError("INTERNAL_SERVER_ERROR", "db password wrong"), true),
    ).toMatchObject({
      status: 500,
      message: GENERIC_INTERNAL_MESSAGE,
    });
    expect(
      normalizeError(
        new AppError("SERVICE_UNAVAILABLE", "Try again in a minute.", { expose: true }),
        true,
      ),
    ).toMatchObject({ status: 503, message: "Try again in a minute." });
    expect(
      normalizeError(new AppError("FORBIDDEN", "internal detail", { expose: false }), true).message,
    ).toBe("You are not allowed to do this.");
  });

  it("errors: a TRPCError that is not ours shows only its code's default text, whatever its message says", () => {
    const foreign = new TRPCError({
      code: "NOT_FOUND",
      message: 'No procedure found on path "x.y"',
    });
    expect(normalizeError(foreign, true)).toMatchObject({ status: 404, message: "Not found." });
    const wrapped = new TRPCError({
      code: "INTERNAL_SERVER_ERROR",
      message: 'relation "Task" does not exist',
      cause: new Error('relation "Task" does not exist'),
    });
    expect(normalizeError(wrapped, true).message).toBe(GENERIC_INTERNAL_MESSAGE);
    // Outside production a 500 keeps its text for the developer.
    expect(normalizeError(wrapped, false).message).toBe('relation "Task" does not exist');
  });

  it("errors: Prisma codes are mapped in one place (unique → 409, not found → 404, write conflict → 409) without Prisma's text", () => {
    expect(prismaFailure(prismaError("P2002"))).toBe("unique-violation");
    expect(prismaFailure(prismaError("P2025"))).toBe("not-found");
    expect(prismaFailure(prismaError("P2034"))).toBe("write-conflict");
    expect(prismaFailure(prismaError("P1001"))).toBeNull();
    expect(prismaFailure(Object.assign(new Error("x"), { code: "P2002" }))).toBeNull();
    for (const [code, status] of [
      ["P2002", 409],
      ["P2025", 404],
      ["P2034", 409],
    ] as const) {
      const error = new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: prismaError(code) });
      const normalized = normalizeError(error, true);
      expect(normalized.status).toBe(status);
      expect(normalized.message).not.toMatch(/prisma|SELECT/i);
    }
  });
});
