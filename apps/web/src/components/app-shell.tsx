// The frame of every signed-in page: skip link, header (who, which role, sign-out), nav, main.
import Link from "next/link";
import type { ReactNode } from "react";
import type { AuthUser } from "@taskfort/api";
import { SessionWatch } from "./session-watch";
import { SignOutButton } from "./sign-out-button";
import { ThemeToggle } from "./theme-toggle";
import { focusRing } from "./ui";

const links = [
  { href: "/tasks", label: "Tasks" },
  { href: "/tasks/trash", label: "Trash" },
  { href: "/settings/tokens", label: "API tokens" },
  { href: "/settings/account", label: "Account" },
  { href: "/admin", label: "Admin", adminOnly: true },
] as const;

export function AppShell({
  user,
  current,
  children,
}: {
  user: AuthUser;
  current: string;
  children: ReactNode;
}) {
  return (
    <>
      <a
        href="#main"
        className={`sr-only rounded bg-white p-2 focus:not-sr-only focus:absolute focus:left-2 focus:top-2 ${focusRing}`}
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
            <Link href="/tasks" className={`text-lg font-bold text-slate-900 ${focusRing}`}>
              Taskfort
            </Link>
            <nav aria-label="Main">
              <ul className="flex flex-wrap gap-4 text-sm">
                {links
                  .filter((l) => !("adminOnly" in l) || user.role === "ADMIN")
                  .map((l) => (
                    <li key={l.href}>
                      <Link
                        href={l.href}
                        aria-current={current === l.href ? "page" : undefined}
                        className={`rounded px-1 py-1 ${current === l.href ? "font-semibold text-blue-800 underline underline-offset-4" : "text-slate-700 hover:text-blue-800"} ${focusRing}`}
                      >
                        {l.label}
                      </Link>
                    </li>
                  ))}
              </ul>
            </nav>
          </div>
          <div className="flex flex-wrap items-center gap-3 text-sm">
            <p data-testid="current-user">
              <span className="sr-only">Signed in as </span>
              <span className="font-medium break-all">{user.username}</span>{" "}
              <span
                className="rounded bg-slate-200 px-2 py-0.5 text-xs font-semibold uppercase text-slate-800 dark:bg-slate-700 dark:text-slate-100"
                data-testid="current-role"
              >
                {user.role === "ADMIN" ? "admin" : "user"}
              </span>
            </p>
            <ThemeToggle />
            <SignOutButton />
          </div>
        </div>
      </header>
      <SessionWatch />
      <main id="main" className="mx-auto max-w-5xl px-4 py-6">
        {children}
      </main>
    </>
  );
}
