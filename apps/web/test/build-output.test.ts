// What a serverless deploy (Vercel) ships comes from the build's file traces: files a route
// reads at run time must be in its trace, or the function fails there and only there.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { webRoot } from "./server";

describe("production build output", () => {
  it("deploy: the /api/docs asset function's trace ships Swagger UI's files", () => {
    const trace = JSON.parse(
      readFileSync(join(webRoot, ".next/server/app/api/docs/[asset]/route.js.nft.json"), "utf8"),
    ) as { files: string[] };
    for (const file of ["swagger-ui-dist/swagger-ui-bundle.js", "swagger-ui-dist/swagger-ui.css"]) {
      expect(trace.files.some((f) => f.endsWith(file))).toBe(true);
    }
  });
});
