// The /api/docs page: Swagger UI (swagger-ui-dist, served from our own origin; no CDN)
// pointed at /api/v1/openapi.json. Every <script> carries this response's CSP nonce: the
// policy has 'strict-dynamic' and no 'unsafe-inline', so nothing without it runs.
import { THEME_STORAGE_KEY } from "@/lib/theme";
import { docsCss, docsScript, docsThemeScript } from "./docs-a11y";

const escapeAttr = (value: string) => value.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Swagger UI's options. validatorUrl: null, or it would load a badge from swagger.io (offline, and outside img-src). */
const uiOptions = {
  url: "/api/v1/openapi.json",
  dom_id: "#swagger-ui",
  // Off: deep links render an <a> inside each operation's expand <button> (axe: nested-interactive,
  // a link no keyboard or screen reader user can reach on its own). The ids stay on the page.
  deepLinking: false,
  // Reading comes first: requests are sent only after "Try it out" is clicked on an operation.
  tryItOutEnabled: false,
  validatorUrl: null,
  // The token stays in this page's memory; it is not written to localStorage.
  persistAuthorization: false,
  defaultModelsExpandDepth: 0,
  // The default theme (agate) colours numbers at 3.45:1 on its dark background; "idea" passes
  // 4.5:1 for every token JSON and the curl snippet produce (only comments and meta fall short).
  syntaxHighlight: { activated: true, theme: "idea" },
};

export function docsHtml(nonce: string): string {
  const n = escapeAttr(nonce);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Taskfort REST API</title>
<link rel="icon" href="/icon.svg" type="image/svg+xml">
<script nonce="${n}">${docsThemeScript(THEME_STORAGE_KEY)}</script>
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
<style nonce="${n}">${docsCss}</style>
</head>
<body>
<header><div><a class="brand" href="/">Taskfort</a><p>REST API: authorize with an API token (<code>POST /auth/login</code> or <a href="/settings/tokens">the tokens page</a>), then open an operation and click "Try it out".</p></div></header>
<main id="swagger-ui"></main>
<script nonce="${n}" src="/api/docs/swagger-ui-bundle.js"></script>
<script nonce="${n}">${docsScript}</script>
<script nonce="${n}">window.ui = SwaggerUIBundle(${JSON.stringify(uiOptions)});</script>
</body>
</html>
`;
}
