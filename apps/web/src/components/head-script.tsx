"use client";
import { THEME_SCRIPT } from "@/lib/theme";
import { TIME_ZONE_SCRIPT } from "@/lib/viewer-time";

/**
 * What must happen before the first paint, in the server's HTML only: the theme's class (no
 * light flash on a dark page) and the viewer's time zone cookie (so the next page's dates come
 * from the server in that zone). Rendered again on the client (React re-renders the root layout
 * for a client-side not-found or error), a <script> would never run and React warns about it;
 * hydration skips the server's extra <script> in <head>.
 */
export function HeadScript({ nonce }: { nonce: string | undefined }) {
  if (typeof window !== "undefined") return null;
  return (
    <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT + TIME_ZONE_SCRIPT }} />
  );
}
