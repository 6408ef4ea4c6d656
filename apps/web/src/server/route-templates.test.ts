import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { OTHER_ROUTE } from "@taskfort/api";
import { PAGE_ROUTES, pageRouteTemplate } from "./route-templates";

const appDir = fileURLToPath(new URL("../app", import.meta.url));

/** Every page.tsx under src/app as its URL path (no dynamic segments today). */
function pagesOnDisk(): string[] {
  return readdirSync(appDir, { recursive: true, encoding: "utf8" })
    .filter((file) => file === "page.tsx" || file.endsWith("/page.tsx"))
    .map((file) => `/${file.slice(0, -"page.tsx".length)}`.replace(/\/$/, "") || "/")
    .sort();
}

describe("route templates", () => {
  it("metrics: the page list is exactly the app directory's pages", () => {
    expect([...PAGE_ROUTES].sort()).toEqual(pagesOnDisk());
  });

  it("metrics: junk paths and ids collapse into bounded labels", () => {
    expect(pageRouteTemplate("/tasks")).toBe("/tasks");
    expect(pageRouteTemplate("/tasks/123")).toBe(OTHER_ROUTE);
    expect(pageRouteTemplate("/wp-login.php")).toBe(OTHER_ROUTE);
    expect(pageRouteTemplate("/_next/static/chunks/abc.js")).toBe("/_next/static/*");
    expect(pageRouteTemplate("/api/auth/callback/credentials")).toBe("/api/auth/*");
  });
});
