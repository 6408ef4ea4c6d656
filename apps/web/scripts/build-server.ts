// Part of `npm run build`: bundles the production server (scripts/start.ts and what it imports of
// our own packages) into dist/, so `npm start` runs plain JavaScript instead of compiling
// TypeScript at every start (tsx took ~2 s of a ~4.5 s start and its transpiled modules stayed
// in memory). Dependencies stay external and load from node_modules exactly as they would from the
// source files: each is resolved from the importing file's own folder.
import { readFile, rm } from "node:fs/promises";
import { join, relative } from "node:path";
import { build, type Plugin } from "esbuild";
import { webRoot } from "./server-args";

const outdir = join(webRoot, "dist");
const workspaceSource = /[\\/](apps|packages)[\\/][^\\/]+[\\/](src|scripts)[\\/].*\.ts$/;

const sameAsSource: Plugin = {
  name: "same-as-source",
  setup(b) {
    // Bare imports (npm packages) stay external, pinned to the file the source would load.
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith("@taskfort/") || args.pluginData === "resolving") return undefined;
      const found = await b.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: "resolving",
      });
      if (found.errors.length > 0 || found.external) return { path: args.path, external: true };
      // Relative to dist/, so the build keeps working if the checkout moves.
      return { path: `./${relative(outdir, found.path)}`, external: true };
    });
    // import.meta.url keeps meaning the source file (migrations, web root), not the bundle.
    b.onLoad({ filter: workspaceSource }, async (args) => ({
      contents: (await readFile(args.path, "utf8")).replaceAll(
        "import.meta.url",
        `new URL(${JSON.stringify(relative(outdir, args.path))}, import.meta.url).href`,
      ),
      loader: "ts",
    }));
  },
};

await rm(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: webRoot,
  entryPoints: ["scripts/start.ts"],
  outdir,
  bundle: true,
  // start.ts sets NODE_ENV before it imports the server (Next reads it on load): splitting keeps
  // that dynamic import a separate module instead of hoisting Next's import to the top.
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node22",
  outExtension: { ".js": ".mjs" },
  plugins: [sameAsSource],
  logLevel: "warning",
});
