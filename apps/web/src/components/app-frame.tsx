// The frame of every signed-in page: skip link, header (who, which role, sign-out), nav, main.
// No data layer: AppShell (app-shell.tsx) adds it; /tasks, whose data-using part is deferred,
// uses this frame directly so that its first load does not carry React Query.
import Link from "next/link";
import type { ReactNode } from "react";
import type { AuthUser } from "@taskfort/api";
import { SignOutButton } from "./sign-out-button";
import { ThemeToggle } from "./theme-toggle";
import { focusRing } from "./ui/button";

const links = [
  { href: "/tasks", label: "Tasks" },
  { href: "/tasks/trash", label: "Trash" },
  { href: "/settings/tokens", label: "API tokens" },
  { href: "/settings/account", label: "Account" },
  { href: "/admin", label: "Admin", adminOnly: true },
] as const;

export interface AppFrameProps {
  user: AuthUser;
  current: string;
  children: ReactNode;
}

export function AppFrame({ user, current, children }: AppFrameProps) {
  return (
    <>
      <a
        href="#main"
        className={`sr-only rounded bg-white p-2 focus:not-sr-only focus:absolute focus:left-2 focus:top-2 ${focusRing}`}
      >
        Skip to content
      </a>
      {/* One line from 768 px; on a phone two: the app's name and the controls, then the links
          (one line, scrolling sideways rather than wrapping), so the page starts about 90 px
          down. Who is signed in is then left to screen readers and the account page: at 360 px
          the name would be cut to a letter or two. */}
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2 md:gap-x-6 md:py-3">
          <Link href="/tasks" className={`text-lg font-bold text-slate-900 ${focusRing}`}>
            Taskfort
          </Link>
          <nav
            aria-label="Main"
            className="order-last -mx-1 w-full overflow-x-auto md:order-none md:w-auto"
          >
            <ul className="flex gap-3 px-1 py-0.5 text-sm whitespace-nowrap md:gap-4">
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
          <div className="flex min-w-0 flex-1 basis-0 items-center justify-end gap-2 text-sm md:gap-3">
            <p
              data-testid="current-user"
              className="flex min-w-0 items-center gap-1.5 max-md:sr-only"
            >
              <span className="sr-only">Signed in as </span>
              <span className="truncate font-medium" title={user.username}>
                {user.username}
              </span>{" "}
              <span
                className="rounded bg-slate-200 px-1.5 py-0.5 text-xs font-semibold uppercase text-slate-800 dark:bg-slate-700 dark:text-slate-100"
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
      <main id="main" className="mx-auto max-w-5xl px-4 py-6">
        {children}
      </main>
    </>
  );
}
