// Debian's Chromium, as the e2e tests and bench:web launch it (`playwright install` and
// Lighthouse's own download cannot fetch a browser on these machines).
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** No sandbox (root in CI), no GPU, and nothing that reaches the network on its own. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
