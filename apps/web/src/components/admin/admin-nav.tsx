// The admin area's own navigation (the main nav has one "Admin" entry for all of it).
import Link from "next/link";
import { focusRing } from "../ui";

const pages = [
  { href: "/admin", label: "Users and audit log" },
  { href: "/admin/security", label: "Security overview" },
] as const;

export function AdminNav({ current }: { current: (typeof pages)[number]["href"] }) {
  return (
    <nav aria-label="Admin" className="mb-6 border-b border-slate-200">
      <ul className="flex flex-wrap gap-x-4 text-sm">
        {pages.map((p) => (
          <li key={p.href}>
            <Link
              href={p.href}
              aria-current={current === p.href ? "page" : undefined}
              className={`-mb-px inline-block border-b-2 px-1 py-2 ${current === p.href ? "border-blue-700 font-semibold text-blue-800" : "border-transparent text-slate-700 hover:text-blue-800"} ${focusRing}`}
            >
              {p.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
