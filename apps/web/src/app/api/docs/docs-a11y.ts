// What /api/docs adds to Swagger UI so the page passes the same axe check (WCAG 2.1 AA) as the
// rest of the app. Both go inline in the page under this response's CSP nonce: no extra request,
// and nothing the bundler or the deploy's file trace has to know about.

/**
 * Swagger UI's own palette misses the 4.5:1 text contrast in these places. Same hues where
 * possible (dark text on the method badges, as Swagger UI's own dark mode does), darker shades
 * where text stays white. Loaded after swagger-ui.css, so equal selectors win by order.
 */
export const docsCss = `
body { margin: 0; }
body > header { background: #1e293b; color: #f1f5f9; font: 15px/1.5 system-ui, sans-serif; padding: 10px 20px; border-bottom: 3px solid #1d4ed8; }
body > header div { align-items: baseline; display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 0 auto; max-width: 1420px; }
body > header p { margin: 0; }
body > header .brand { color: #fff; font-size: 18px; font-weight: 700; text-decoration: none; }
body > header .brand:hover, body > header .brand:focus-visible { text-decoration: underline; }
body > header a { color: #93c5fd; }
body > header a:focus-visible { outline: 2px solid #93c5fd; outline-offset: 2px; }
body > header code { background: #334155; border-radius: 4px; padding: 1px 5px; }
.swagger-ui .info .title small { background: #5f6673; }
.swagger-ui .info .title small.version-stamp { background: #4d7a00; }
.swagger-ui .info a { color: #1864b8; }
.swagger-ui .btn.authorize { border-color: #1a7f4b; color: #1a7f4b; }
.swagger-ui .btn.authorize svg { fill: #1a7f4b; }
.swagger-ui .btn.execute { background-color: #1864b8; border-color: #1864b8; }
.swagger-ui .btn.cancel { border-color: #d42020; color: #d42020; }
.swagger-ui .parameter__in { color: #5c5c5c; }
.swagger-ui .download-contents { background: #5f6673; }
.swagger-ui .json-schema-2020-12-expand-deep-button { color: #595959; }
.swagger-ui .opblock .opblock-summary-method { color: #000; text-shadow: none; }
.swagger-ui .opblock.opblock-head .opblock-summary-method,
.swagger-ui .opblock.opblock-options .opblock-summary-method,
.swagger-ui .opblock.opblock-query .opblock-summary-method { color: #fff; }

/* At phone widths an open operation's responses table ran 38 px past a 360 px screen; its
   Links column only ever says "No links" (the document defines none), so it goes there. */
@media (max-width: 480px) {
  .swagger-ui .responses-table .response-col_links { display: none; }
}

/* Swagger UI's own dark mode (html.dark-mode) covers its surfaces; these are the overrides above
   again, light on dark so they keep 4.5:1 on its #1c2022 background. */
html.dark-mode .swagger-ui .btn.authorize { border-color: #49cc90; color: #49cc90; }
html.dark-mode .swagger-ui .btn.authorize svg { fill: #49cc90; }
html.dark-mode .swagger-ui .btn.cancel { border-color: #ff7b7b; color: #ff7b7b; }
html.dark-mode .swagger-ui .parameter__in,
html.dark-mode .swagger-ui .json-schema-2020-12-expand-deep-button { color: #b8bcbe; }
html.dark-mode .swagger-ui .headers .header-col { color: #e4e6e6; }
/* Dark mode forces code blocks onto #2a2e30 (!important), but the highlighter still paints
   the light "idea" palette inline: light tokens instead, each at least 6.5:1 there. */
html.dark-mode .swagger-ui .microlight,
html.dark-mode .swagger-ui .microlight span { color: #f0f1f1 !important; }
html.dark-mode .swagger-ui .microlight .hljs-attr { color: #9cdcfe !important; }
html.dark-mode .swagger-ui .microlight .hljs-string { color: #e6b99a !important; }
html.dark-mode .swagger-ui .microlight .hljs-number { color: #b5cea8 !important; }
html.dark-mode .swagger-ui .microlight .hljs-literal,
html.dark-mode .swagger-ui .microlight .hljs-keyword { color: #8ab4f8 !important; }
`;

/**
 * Before the first paint: the app's theme (the same localStorage choice as the pages, else the
 * system's) as Swagger UI's dark mode, following a system change while no choice is stored.
 */
export const docsThemeScript = (storageKey: string) =>
  `(function(){try{var t=localStorage.getItem(${JSON.stringify(storageKey)});var m=matchMedia("(prefers-color-scheme: dark)");var e=document.documentElement;var a=function(){var d=t==="dark"||(t!=="light"&&m.matches);e.classList.toggle("dark-mode",d);e.style.colorScheme=d?"dark":"light";};a();if(t!=="dark"&&t!=="light")m.addEventListener("change",a);}catch(_){}})();`;

/**
 * Swagger UI leaves some form fields without an accessible name: the server picker (a <select>
 * in an empty <label>), the selects of enum parameters and the request body's <textarea>. And its
 * code blocks scroll without being focusable, so keyboard users could not scroll them. Fixed as
 * the elements appear: React renders them late and re-creates them, hence an observer.
 */
export const docsScript = `(() => {
  const root = document.getElementById("swagger-ui");
  const nameFor = (el) =>
    el.id === "servers" ? "Server" : el.classList.contains("body-param__text") ? "Request body" : el.closest("tr[data-param-name]")?.dataset.paramName;
  const fix = () => {
    for (const field of root.querySelectorAll("select, textarea, input")) {
      const name = !field.hasAttribute("aria-label") && nameFor(field);
      if (name) field.setAttribute("aria-label", name);
    }
    for (const code of root.querySelectorAll("pre.microlight:not([tabindex])")) code.tabIndex = 0;
    for (const close of root.querySelectorAll("button.close-modal:not([aria-label])")) close.setAttribute("aria-label", "Close");
    // "Authorize" labelled "Apply credentials", "Logout" labelled "Remove authorization": speech
    // users say what they see, so the visible text must be (in) the name. The text alone will do.
    for (const button of root.querySelectorAll("button[aria-label]")) {
      const text = button.textContent.trim().toLowerCase();
      if (text && !button.getAttribute("aria-label").toLowerCase().includes(text)) button.removeAttribute("aria-label");
    }
  };
  new MutationObserver(fix).observe(root, { childList: true, subtree: true });
})();`;
