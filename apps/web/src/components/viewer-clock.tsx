"use client";
// The clock and time zone that dates are written in. On the server, and while the browser
// hydrates the server's HTML, both come from the request (the minute it was answered, the zone
// the `tz` cookie names), so the two renders agree; after that, the browser's own clock and
// zone, ticking once a minute. Without the cookie (a first visit) the server cannot know the
// zone, and dates are written in UTC until the page is live.
import { createContext, useContext, type ReactNode } from "react";
import { useNow } from "@/lib/use-now";

export interface ViewerClock {
  now: Date;
  /** An IANA zone, or undefined for the browser's own. */
  timeZone: string | undefined;
}

const RequestClock = createContext<{ minute: number; timeZone: string | null } | null>(null);

export function ViewerClockProvider({
  minute,
  timeZone,
  children,
}: {
  minute: number;
  timeZone: string | null;
  children: ReactNode;
}) {
  return <RequestClock value={{ minute, timeZone }}>{children}</RequestClock>;
}

/** Null while the zone is unknown: the caller writes UTC. */
export function useViewerClock(): ViewerClock | null {
  const request = useContext(RequestClock);
  const now = useNow();
  if (now) return { now, timeZone: undefined };
  return request?.timeZone
    ? { now: new Date(request.minute * 60_000), timeZone: request.timeZone }
    : null;
}
