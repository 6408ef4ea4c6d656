"use client";
// Anything a page failed to render: a plain apology and the digest to quote (the server logged the details).
import { Button } from "@/components/ui";

export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-10">
      <h1 className="mb-2 text-2xl font-semibold">Something went wrong</h1>
      <p role="alert" className="mb-4">
        The page could not be shown. Try again; if it keeps happening, quote this reference:{" "}
        <code>{error.digest ?? "unknown"}</code>.
      </p>
      <Button onClick={reset}>Try again</Button>
    </main>
  );
}
