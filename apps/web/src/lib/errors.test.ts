import { describe, expect, it } from "vitest";
import { describeError, envelopeError, humanWait, safeCallbackUrl, throttledFor } from "./errors";

describe("safeCallbackUrl", () => {
  it("keeps same-site paths with their query", () => {
    expect(safeCallbackUrl("/tasks?q=milk&page=2")).toBe("/tasks?q=milk&page=2");
    expect(safeCallbackUrl("/settings/tokens")).toBe("/settings/tokens");
  });

  it("does NOT follow other origins, protocol-relative or backslash tricks (no open redirect)", () => {
    for (const evil of [
      "https://evil.example/",
      "//evil.example/x",
      "/\\evil.example",
      "javascript:alert(1)",
      "evil.example",
      "",
    ]) {
      expect(safeCallbackUrl(evil), evil).toBe("/tasks");
    }
    expect(safeCallbackUrl(null)).toBe("/tasks");
  });
});

describe("describeError", () => {
  it("reads the contract fields the errorFormatter puts in a tRPC error's data", () => {
    const error = Object.assign(
      new Error("Request was throttled. Expected available in 12 seconds."),
      {
        data: {
          code: "TOO_MANY_REQUESTS",
          message: "Request was throttled. Expected available in 12 seconds.",
          requestId: "r-1",
          httpStatus: 429,
        },
      },
    );
    expect(describeError(error)).toEqual({
      code: "TOO_MANY_REQUESTS",
      message: "Too many requests. Try again in about 12 seconds.",
      requestId: "r-1",
      fields: undefined,
    });
  });

  it("calls anything without contract data a network failure, never showing a raw library message", () => {
    expect(describeError(new TypeError("Failed to fetch"))).toMatchObject({ code: "NETWORK" });
    expect(describeError(new TypeError("Failed to fetch")).message).not.toContain(
      "Failed to fetch",
    );
  });
});

describe("envelopeError", () => {
  it("reads the REST/next-auth envelope and ignores other bodies", () => {
    expect(
      envelopeError({
        error: { code: "BAD_REQUEST", message: "m", fields: { title: ["x"] }, requestId: "r" },
      }),
    ).toEqual({
      code: "BAD_REQUEST",
      message: "m",
      fields: { title: ["x"] },
      requestId: "r",
    });
    expect(envelopeError({ url: "http://localhost/tasks" })).toBeNull();
    expect(envelopeError(null)).toBeNull();
  });
});

describe("throttling", () => {
  const throttled = (seconds: number) => ({
    data: {
      code: "TOO_MANY_REQUESTS",
      message: `Request was throttled. Expected available in ${seconds} seconds.`,
      requestId: "r1",
    },
  });

  it.each([
    [3, "a few seconds"],
    [42, "about 42 seconds"],
    [75, "about a minute"],
    [647, "about 11 minutes"],
    [3_600, "about an hour"],
    [9_000, "about 3 hours"],
  ])("humanWait(%i) is %s", (seconds, text) => {
    expect(humanWait(seconds)).toBe(text);
  });

  it("a 429 reads as a wait a person understands, and its seconds drive the retry", () => {
    expect(describeError(throttled(647)).message).toBe(
      "Too many requests. Try again in about 11 minutes.",
    );
    expect(throttledFor(throttled(647))).toBe(647);
    expect(throttledFor({ data: { code: "BAD_REQUEST", message: "x" } })).toBeNull();
  });
});
