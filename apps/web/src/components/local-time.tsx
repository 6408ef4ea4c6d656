"use client";
// A moment in the viewer's own time zone, with UTC on hover. The server cannot know the zone,
// so its HTML (and the hydrating render, which must match it) says UTC; the browser then
// switches to local time.
import { formatLocalTime } from "@/lib/due";
import { formatTime } from "@/lib/errors";
import { useHydrated } from "@/lib/use-hydrated";

export function LocalTime({
  iso,
  fallback = "never",
}: {
  iso: string | null | undefined;
  fallback?: string;
}) {
  const hydrated = useHydrated();
  if (!iso) return <>{fallback}</>;
  return (
    <time dateTime={iso} title={formatTime(iso)}>
      {hydrated ? formatLocalTime(iso) : formatTime(iso)}
    </time>
  );
}
