// The /api/docs page: Swagger UI (swagger-ui-dist, served from our own origin; no CDN)
// pointed at /api/v1/openapi.json. Every <script> carries this response's CSP nonce: the
// policy has 'strict-dynamic' and no 'unsafe-inline', so nothing without it runs.

const escapeAttr = (value: string) => value.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Swagger UI's options. validatorUrl: null, or it would load a badge from swagger.io (offline, and outside img-src). */
const uiOptions = {
  url: "/api/v1/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  tryItOutEnabled: true,
  validatorUrl: null,
  // The token stays in this page's memory; it is not written to localStorage.
  persistAuthorization: false,
  defaultModelsExpandDepth: 0,
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
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
<p><a href="/">Taskfort</a>: "Authorize" with an API token (POST /auth/login or the tokens page), then "Try it out".</p>
<div id="swagger-ui"></div>
<script nonce="${n}" src="/api/docs/swagger-ui-bundle.js"></script>
<script nonce="${n}">window.ui = SwaggerUIBundle(${JSON.stringify(uiOptions)});</script>
</body>
</html>
`;
}
