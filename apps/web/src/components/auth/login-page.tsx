"use client";
import { deferred } from "../deferred";

/** The sign-in form: in the page's HTML at once, live once someone is there (see deferred.tsx). */
export const LoginPanel = deferred(
  "sign-in",
  () => import("./login-panel"),
  <p role="status" className="py-6 text-center text-slate-600">
    Loading…
  </p>,
);
