import { describe, expect, it } from "vitest";
import { ZodRealError } from "zod";
import { fieldsFromZod } from "../errors";
import { FORBIDDEN_KEY_MESSAGE, NUL_MESSAGE, unsafeInputIssues } from "./unsafe-input";

describe("unsafe input", () => {
  it("unsafe input: NUL characters and __proto__/constructor/prototype keys are reported with their paths", () => {
    const input = JSON.parse(
      '{"a":{"b":["ok","x\\u0000y"]},"__proto__":{"p":1},"c":{"constructor":{}},"prototype":1}',
    ) as unknown;
    const issues = unsafeInputIssues(input).map((i) => [i.path.join("."), i.message]);
    expect(issues).toEqual(
      expect.arrayContaining([
        ["a.b.1", NUL_MESSAGE],
        ["__proto__", FORBIDDEN_KEY_MESSAGE],
        ["c.constructor", FORBIDDEN_KEY_MESSAGE],
        ["prototype", FORBIDDEN_KEY_MESSAGE],
      ]),
    );
    expect(unsafeInputIssues({ title: "fine", list: [1, "two", { three: null }] })).toEqual([]);
  });

  it("unsafe input: a value nested 100,000 deep is walked in linear time without overflowing the stack", () => {
    const depth = 100_000;
    const deep = JSON.parse(`${"[".repeat(depth)}"\\u0000"${"]".repeat(depth)}`) as unknown;
    const started = performance.now();
    const issues = unsafeInputIssues(deep);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toHaveLength(depth);
  });

  it("unsafe input: the reported field names __proto__ and constructor become plain keys of fields (no throw, no prototype touched)", () => {
    const issues = unsafeInputIssues(JSON.parse('{"__proto__":{},"constructor":1}') as unknown);
    const fields = fieldsFromZod(new ZodRealError(issues));
    expect(Object.keys(fields).sort()).toEqual(["__proto__", "constructor"]);
    expect(JSON.parse(JSON.stringify(fields))).toEqual(
      JSON.parse(
        `{"__proto__":["${FORBIDDEN_KEY_MESSAGE}"],"constructor":["${FORBIDDEN_KEY_MESSAGE}"]}`,
      ),
    );
    expect(({} as Record<string, unknown>).length).toBeUndefined();
  });
});
