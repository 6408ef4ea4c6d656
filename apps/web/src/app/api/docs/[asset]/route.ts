// Swagger UI's two files, read from the swagger-ui-dist package on our own origin.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";

const assets: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
};

let packageDir: string | undefined;

/**
 * Found at run time by walking up from the server's working directory (npm hoists it to
 * the repo root): a path the bundler cannot see (hence turbopackIgnore), so it neither
 * inlines 1.7 MB of script into the server bundle nor traces the whole project. A
 * standalone/serverless deploy must ship node_modules/swagger-ui-dist beside the server.
 */
function swaggerUiDir(): string {
  if (packageDir) return packageDir;
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    const candidate = join(/*turbopackIgnore: true*/ dir, "node_modules", "swagger-ui-dist");
    if (
      existsSync(
        /*turbopackIgnore: true*/ join(/*turbopackIgnore: true*/ candidate, "swagger-ui-bundle.js"),
      )
    )
      return (packageDir = candidate);
    if (dirname(dir) === dir) throw new Error("swagger-ui-dist is not installed");
  }
}

export async function GET(_req: Request, { params }: { params: Promise<{ asset: string }> }) {
  const { asset } = await params;
  // Only the listed names: the segment never becomes part of a path unchecked.
  const type = Object.hasOwn(assets, asset) ? assets[asset] : undefined;
  if (!type) return new Response("Not found", { status: 404 });
  const body = await readFile(
    /*turbopackIgnore: true*/ join(/*turbopackIgnore: true*/ swaggerUiDir(), asset),
  );
  return new Response(body, {
    headers: { "content-type": type, "cache-control": "public, max-age=3600" },
  });
}
