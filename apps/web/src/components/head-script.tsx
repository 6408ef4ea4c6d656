"use client";
import { THEME_SCRIPT } from "@/lib/theme";
import { TIME_ZONE_SCRIPT } from "@/lib/viewer-time";

/**
 * The page's inline script, in the server's HTML only: the theme's class before the first paint
 * (no light flash on a dark page), and the listener that names the viewer's time zone in a
 * cookie once someone is there (so the next page's dates come from the server in it). Rendered again on the client (React re-renders the root layout
 * for a client-side not-found or error), a <script> would never run and React warns about it;
 * hydration skips the server's extra <script> in <head>.
 */
export function HeadScript({ nonce }: { nonce: string | undefined }) {
  if (typeof window !== "undefined") return null;
  return (
    <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT + TIME_ZONE_SCRIPT }} />
  );
}
