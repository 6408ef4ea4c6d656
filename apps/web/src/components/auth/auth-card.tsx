import type { ReactNode } from "react";
import { TRPCReactProvider } from "@/trpc/client";

export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main
      id="main"
      className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4 py-10"
    >
      <p className="mb-6 text-center text-xl font-bold">Taskfort</p>
      <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="mb-4 text-2xl font-semibold">{title}</h1>
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </div>
    </main>
  );
}
