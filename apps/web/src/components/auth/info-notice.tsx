import type { ReactNode } from "react";

export function InfoNotice({ children }: { children: ReactNode }) {
  return (
    <p
      role="status"
      className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
    >
      {children}
    </p>
  );
}
