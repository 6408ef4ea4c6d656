// The frame of the signed-out pages. No data layer: AuthCard (auth-card.tsx) adds it; /login,
// whose form is deferred, uses this frame directly so that its first load does not carry React Query.
import type { ReactNode } from "react";

export interface AuthFrameProps {
  title: string;
  children: ReactNode;
}

export function AuthFrame({ title, children }: AuthFrameProps) {
  return (
    <main
      id="main"
      className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4 py-10"
    >
      <p className="mb-6 text-center text-xl font-bold">Taskfort</p>
      <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="mb-4 text-2xl font-semibold">{title}</h1>
        {children}
      </div>
    </main>
  );
}
