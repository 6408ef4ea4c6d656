import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import type { ReactNode } from "react";
import { HeadScript } from "@/components/head-script";
import { ViewerClockProvider } from "@/components/viewer-clock";
import { TIME_ZONE_COOKIE, timeZoneFromCookie } from "@/lib/viewer-time";
import { NONCE_HEADER } from "@/server/request-scope";
import "./globals.css";

export const metadata: Metadata = { title: "Taskfort", description: "Tasks, kept safe." };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request makes every page render per request: the CSP nonce is new on
  // each response, and a statically prerendered page could not carry it.
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  const timeZone = timeZoneFromCookie((await cookies()).get(TIME_ZONE_COOKIE)?.value);
  // The minute this request is answered: a server component renders once per request, and the
  // browser hydrates with this same minute (viewer-clock.tsx), so the impurity is the point.
  // eslint-disable-next-line react-hooks/purity
  const minute = Math.floor(Date.now() / 60_000);
  return (
    // The theme script sets the class before React hydrates: the mismatch is expected.
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* Before first paint, with this response's nonce: no light flash on a dark page. */}
        <HeadScript nonce={nonce} />
      </head>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <ViewerClockProvider minute={minute} timeZone={timeZone}>
          {children}
        </ViewerClockProvider>
      </body>
    </html>
  );
}
