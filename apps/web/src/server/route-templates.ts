// The metrics `route` label of what Next serves (pages, its assets, next-auth, the docs):
// a fixed list, so a client asking for /anything/it/likes is "other", not a new series.
// The API's own templates are set where its routes are matched (api-handler.ts, the REST
// handler). route-templates.test.ts keeps PAGE_ROUTES equal to the app directory's pages.
import { OTHER_ROUTE } from "@taskfort/api";

export const PAGE_ROUTES: ReadonlySet<string> = new Set([
  "/",
  "/admin",
  "/admin/security",
  "/forgot-password",
  "/login",
  "/register",
  "/reset-password",
  "/settings",
  "/settings/account",
  "/settings/tokens",
  "/tasks",
  "/tasks/trash",
  "/verify-email",
]);

export const AUTH_ROUTE = "/api/auth/*";

const STATIC_ROUTES: ReadonlySet<string> = new Set(["/icon.svg", "/favicon.ico", "/api/docs"]);

export function pageRouteTemplate(pathname: string): string {
  if (PAGE_ROUTES.has(pathname) || STATIC_ROUTES.has(pathname)) return pathname;
  if (pathname.startsWith("/_next/static/")) return "/_next/static/*";
  if (pathname.startsWith("/_next/")) return "/_next/*";
  if (pathname.startsWith("/api/auth/")) return AUTH_ROUTE;
  if (/^\/api\/docs\/[^/]+$/.test(pathname)) return "/api/docs/{asset}";
  return OTHER_ROUTE;
}
