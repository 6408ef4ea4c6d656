"use client";
// The app's toast: one polite live region fixed at the bottom of the screen, so a success is
// seen on a phone too (without scrolling to where it happened) and announced to screen readers.
// It stays until the next one replaces it, so an Undo in it can be reached by keyboard at leisure.
import type { ReactNode } from "react";
import { cn } from "./cn";

export function Toast({
  message,
  tone = "success",
  actions,
  testId,
}: {
  /** Nothing to show: null (the live region stays, so the next message is announced). */
  message: ReactNode | null;
  tone?: "success" | "info";
  /** Buttons beside the message (Undo). */
  actions?: ReactNode;
  testId?: string;
}) {
  return (
    <div
      aria-live="polite"
      className="pointer-events-none fixed inset-x-0 bottom-4 z-40 flex justify-center px-4 text-sm"
      data-testid={testId}
    >
      {message !== null && (
        <p
          className={cn(
            "pointer-events-auto flex max-w-md flex-wrap items-center gap-3 rounded-md border p-3 shadow-lg",
            tone === "success"
              ? "border-green-300 bg-green-50 text-green-900"
              : "border-slate-300 bg-white text-slate-900",
          )}
        >
          {message}
          {actions}
        </p>
      )}
    </div>
  );
}
