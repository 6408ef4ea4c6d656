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
body > header { background: #1f2937; color: #f9fafb; font: 15px/1.5 system-ui, sans-serif; padding: 12px 20px; }
body > header p { margin: 0 auto; max-width: 1420px; }
body > header a { color: #93c5fd; font-weight: 600; }
body > header code { background: #374151; border-radius: 4px; padding: 1px 5px; }
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
`;

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
