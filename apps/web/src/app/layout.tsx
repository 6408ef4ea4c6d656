import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { ThemeScript } from "@/components/theme-script";
import { NONCE_HEADER } from "@/server/request-scope";
import "./globals.css";

export const metadata: Metadata = { title: "Taskfort", description: "Tasks, kept safe." };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request makes every page render per request: the CSP nonce is new on
  // each response, and a statically prerendered page could not carry it.
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  return (
    // The theme script sets the class before React hydrates: the mismatch is expected.
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* Before first paint, with this response's nonce: no light flash on a dark page. */}
        <ThemeScript nonce={nonce} />
      </head>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">{children}</body>
    </html>
  );
}
