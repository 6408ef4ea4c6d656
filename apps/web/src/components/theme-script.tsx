"use client";
import { THEME_SCRIPT } from "@/lib/theme";

/**
 * The no-flash theme script, in the server's HTML only. Rendered again on the client (React
 * re-renders the root layout for a client-side not-found or error), a <script> would never run
 * and React warns about it; hydration skips the server's extra <script> in <head>.
 */
export function ThemeScript({ nonce }: { nonce: string | undefined }) {
  if (typeof window !== "undefined") return null;
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />;
}
