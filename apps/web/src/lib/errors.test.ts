import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  describeError,
  envelopeError,
  humanWait,
  safeCallbackUrl,
  sameOriginRedirect,
  throttledFor,
} from "./errors";

const APP = "http://app.example:4000";

/** Where a browser on the app's origin ends up when sent to `location`. */
function landing(location: string): URL {
  return new URL(location, `${APP}/login`);
}

// Pieces attackers combine: slashes, backslashes, the characters URL parsing strips or
// folds, dot segments, schemes, encodings and hosts.
const piece = fc.constantFrom(
  "/",
  "//",
  "\\",
  "\t",
  "\n",
  "\r",
  "\u0000",
  "\u001f",
  "\u007f",
  "\u0085",
  " ",
  "\u3000",
  ".",
  "..",
  "%2f",
  "%5c",
  "%09",
  "@",
  ":",
  "?",
  "#",
  "evil.example",
  "127.0.0.1:4000",
  "https:",
  "javascript:",
  "http://",
  "tasks",
  "\uff0f",
  "\u2215",
  "%2e",
);
const hostile = fc.oneof(
  fc.array(piece, { maxLength: 8 }).map((p) => p.join("")),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.webUrl(),
);

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

  it("refuses control characters that URL parsing would strip into '//' (tab, CR, LF) and '/.//'", () => {
    for (const evil of [
      "/\t/127.0.0.1:4000/pwned",
      "/\n/evil.example",
      "/\r/evil",
      "/\nX",
      "/.//evil.example",
      "/%09/x/../..//evil",
    ])
      expect(landing(safeCallbackUrl(evil)).origin, JSON.stringify(evil)).toBe(APP);
    expect(safeCallbackUrl("/\t/127.0.0.1:4000/pwned")).toBe("/tasks");
  });

  it("property: whatever the input, only a same-origin path without control characters comes out", () => {
    fc.assert(
      fc.property(hostile, (input) => {
        const out = safeCallbackUrl(input);
        expect(out.startsWith("/") && !out.startsWith("//") && !out.startsWith("/\\")).toBe(true);
        expect(/[\u0000-\u0020\u007f-\u009f\\]/.test(out)).toBe(false);
        expect(landing(out).origin).toBe(APP);
        // next-auth's redirect callback: never throws, never another origin.
        expect(new URL(sameOriginRedirect(input, APP)).origin).toBe(APP);
      }),
      { numRuns: 5000 },
    );
  });

  it("next-auth redirect: the app's own absolute URLs keep their path, others and unparsable ones go home", () => {
    expect(sameOriginRedirect(`${APP}/tasks?x=1`, APP)).toBe(`${APP}/tasks?x=1`);
    expect(sameOriginRedirect("http://a:99999/", APP)).toBe(`${APP}/`);
    expect(sameOriginRedirect("https://evil.example/", APP)).toBe(`${APP}/`);
    expect(sameOriginRedirect("/tasks", APP)).toBe(`${APP}/tasks`);
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
