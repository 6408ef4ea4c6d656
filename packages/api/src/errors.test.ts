// What an error may tell the client: declared by AppError's `expose`, never guessed from
// its text; Prisma failures mapped in one place.
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import {
  AppError,
  DATABASE_UNAVAILABLE_MESSAGE,
  GENERIC_INTERNAL_MESSAGE,
  normalizeError,
  prismaFailure,
} from "./errors";

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
    expect(prismaFailure(prismaError("P2010"))).toBeNull();
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

  // The shapes below are what Prisma 7 with adapter-pg and node-postgres threw while the fault
  // suite killed connections and stopped Postgres (apps/web/test/faults/postgres.test.ts).
  const adapterError = (cause: Record<string, unknown>) => ({ name: "DriverAdapterError", cause });
  const wrapped = (code: string, cause: Record<string, unknown>) =>
    Object.assign(prismaError(code), { meta: { driverAdapterError: adapterError(cause) } });
  const terminated = {
    kind: "postgres",
    code: "57P01",
    originalCode: "57P01",
    severity: "FATAL",
    message: "terminating connection due to administrator command",
  };
  const unavailable: [string, unknown][] = [
    ["can't reach the server", prismaError("P1001")],
    ["server closed the connection", prismaError("P1017")],
    ["too many connections", prismaError("P2037")],
    ["no pool connection for a transaction in time", prismaError("P2028")],
    ["a raw query on a refused connection", wrapped("P2010", { kind: "DatabaseNotReachable" })],
    ["a raw query on a terminated backend", wrapped("P2010", terminated)],
    ["a query on a terminated backend", wrapped("P2039", terminated)],
    [
      "a database that refuses connections (55000, FATAL)",
      wrapped("P2039", { kind: "postgres", originalCode: "55000", severity: "FATAL" }),
    ],
    ["the server starting up", wrapped("P2039", { ...terminated, originalCode: "57P03" })],
    ["the adapter's own error", adapterError(terminated)],
    ["node-postgres mid-transaction", new Error("Connection terminated unexpectedly")],
    [
      "node-postgres on a broken client",
      new Error("Client has encountered a connection error and is not queryable"),
    ],
    ["a refused socket", Object.assign(new Error("connect"), { code: "ECONNREFUSED" })],
    ["node-postgres: no connection in time", new Error("timeout exceeded when trying to connect")],
    [
      "node-postgres: a new connection got no answer in time",
      new Error("Connection terminated due to connection timeout"),
    ],
    ["node-postgres: a statement got no answer in time", new Error("Query read timeout")],
  ];

  it.each(unavailable)(
    "errors: a database that is away (%s) is 503 SERVICE_UNAVAILABLE with a message of ours, not 500",
    (_, cause) => {
      expect(prismaFailure(cause)).toBe("unavailable");
      const normalized = normalizeError(
        new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause }),
        true,
      );
      expect(normalized).toMatchObject({
        code: "SERVICE_UNAVAILABLE",
        status: 503,
        message: DATABASE_UNAVAILABLE_MESSAGE,
      });
    },
  );

  it("errors: a query that fails while the database is up stays the generic 500", () => {
    for (const cause of [
      wrapped("P2010", { kind: "postgres", originalCode: "42601", severity: "ERROR" }),
      wrapped("P2021", { kind: "TableDoesNotExist" }),
      new Error("a[t].push is not a function"),
    ]) {
      expect(prismaFailure(cause)).toBeNull();
      expect(
        normalizeError(new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause }), true),
      ).toMatchObject({ status: 500, message: GENERIC_INTERNAL_MESSAGE });
    }
  });
});
