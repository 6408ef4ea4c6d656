// docs/api.md is the contract as the project states it; the OpenAPI document is its machine twin.
// A REST operation that exists in one and not in the other is a documentation bug.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { restOpenApiDocument } from "./openapi";

const apiMd = readFileSync(new URL("../../../../docs/api.md", import.meta.url), "utf8");

describe("docs/api.md", () => {
  it("lists every REST operation of the OpenAPI document as `METHOD /path`", () => {
    const operations = Object.entries(restOpenApiDocument().paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item ?? {}).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.length).toBeGreaterThan(10);
    const missing = operations.filter((op) => !apiMd.includes(`\`${op}\``));
    expect(missing, "operations missing from docs/api.md").toEqual([]);
  });
});
