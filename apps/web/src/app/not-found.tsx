import Link from "next/link";
import { focusRing } from "@/components/ui";

export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-10">
      <h1 className="mb-2 text-2xl font-semibold">Page not found</h1>
      <p className="mb-4">There is nothing here.</p>
      <Link href="/tasks" className={`text-blue-800 underline ${focusRing}`}>
        Back to your tasks
      </Link>
    </main>
  );
}
