// Runs once when a server process starts (next start, next dev, serverless cold start).
// Everything it does is Node-only, so it lives in instrumentation-node.ts, imported only when
// Next runs this in the Node.js runtime: the Edge build of this file then contains nothing that
// the Edge runtime lacks (no bundler warnings about process.exit or node: modules).
export async function register() {
  // The one process.env read outside packages/config: Next inlines this literal at build time,
  // which is what keeps the Node-only import out of the Edge instrumentation bundle.
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NEXT_RUNTIME === "nodejs") await (await import("./instrumentation-node")).start();
}
