import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { TRPCReactProvider } from "@/trpc/client";
import "./globals.css";

export const metadata: Metadata = { title: "Taskfort", description: "Tasks, kept safe." };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request makes every page render per request: the CSP nonce is new on
  // each response, and a statically prerendered page could not carry it.
  await headers();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </body>
    </html>
  );
}
