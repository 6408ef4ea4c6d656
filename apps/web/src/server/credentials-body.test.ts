// readCredentialsBody must read a sign-in body exactly as next-auth does, or the sign-in
// limiter and authorize() could see two different usernames. Compared with next-auth's
// installed getBody (loaded by file path: the package does not export it) on random bodies.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readCredentialsBody } from "./credentials-body";

const require = createRequire(import.meta.url);
// The package root, from its main entry (index.js sits there).
const nextAuthDir = dirname(require.resolve("next-auth"));
const { getBody } = require(join(nextAuthDir, "next/utils.js")) as {
  getBody: (req: Request) => Promise<Record<string, unknown> | undefined>;
};

async function outcome(read: (req: Request) => Promise<unknown>, make: () => Request) {
  try {
    return { value: await read(make()) };
  } catch (error) {
    return { threw: (error as Error).name };
  }
}

describe("readCredentialsBody", () => {
  it("credentials body: a repeated form field keeps its last value, JSON is read as JSON, like next-auth", async () => {
    const form = new Request("http://x/", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "username=decoy&password=p&username=victim",
    });
    expect((await readCredentialsBody(form))?.username).toBe("victim");
    const json = new Request("http://x/", {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ username: "victim", password: "p" }),
    });
    expect((await readCredentialsBody(json))?.username).toBe("victim");
  });

  it("property: for any content type and body, the same value (or the same failure) as next-auth's getBody", async () => {
    const contentType = fc.oneof(
      fc.constantFrom(
        "application/json",
        "application/json; charset=utf-8",
        "text/plain; application/json",
        "application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=utf-8",
        "multipart/form-data; boundary=x",
        "text/plain",
        "APPLICATION/JSON",
      ),
      fc.string({ maxLength: 40 }),
    );
    const field = fc.constantFrom("username", "password", "csrfToken", "json", "user%6eame");
    const body = fc.oneof(
      fc.json(),
      fc
        .array(fc.tuple(field, fc.string({ maxLength: 10 })), { maxLength: 5 })
        .map((pairs) => pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&")),
      fc.string({ maxLength: 40 }),
    );
    await fc.assert(
      fc.asyncProperty(
        contentType,
        body,
        fc.constantFrom("POST", "PUT"),
        async (type, text, method) => {
          const make = () =>
            new Request("http://x/", { method, headers: { "content-type": type }, body: text });
          expect(await outcome(readCredentialsBody, make)).toEqual(await outcome(getBody, make));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
