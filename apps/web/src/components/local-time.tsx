"use client";
// A moment in the viewer's own time zone, with UTC on hover: from the server already when the
// zone is known (viewer-clock.tsx), in UTC until the page is live when it is not.
import { formatLocalTime } from "@/lib/due";
import { formatTime } from "@/lib/errors";
import { useViewerClock } from "./viewer-clock";

export function LocalTime({
  iso,
  fallback = "never",
}: {
  iso: string | null | undefined;
  fallback?: string;
}) {
  const clock = useViewerClock();
  if (!iso) return <>{fallback}</>;
  return (
    <time dateTime={iso} title={formatTime(iso)}>
      {clock ? formatLocalTime(iso, clock.timeZone) : formatTime(iso)}
    </time>
  );
}
