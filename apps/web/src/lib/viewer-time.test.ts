import { runInNewContext } from "node:vm";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LocalTime } from "@/components/local-time";
import { ViewerClockProvider } from "@/components/viewer-clock";
import { TIME_ZONE_SCRIPT, timeZoneFromCookie } from "./viewer-time";

describe("timeZoneFromCookie", () => {
  it.each([
    ["Europe/Lisbon", "Europe/Lisbon"],
    ["Pacific%2FAuckland", "Pacific/Auckland"],
    ["America%2FArgentina%2FBuenos_Aires", "America/Argentina/Buenos_Aires"],
    ["Etc%2FGMT%2B5", "Etc/GMT+5"],
    ["UTC", "UTC"],
  ])("tz=%s names %s", (cookie, zone) => {
    expect(timeZoneFromCookie(cookie)).toBe(zone);
  });

  // The browser sends whatever it holds: a hostile or broken value means "unknown", never an error.
  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["no such zone", "Mars%2FOlympus_Mons"],
    ["broken percent-encoding", "%E0%A4%A"],
    ["markup", "Europe%2FLisbon%3Cscript%3E"],
    ["a path", "..%2F..%2Fetc%2Fpasswd"],
    ["cookie attributes", "Europe/Lisbon; path=/"],
    ["a space", "%20UTC"],
    ["500 characters", "Europe%2F" + "A".repeat(500)],
    ["3,000 characters", "%41".repeat(1_000)],
  ])("%s is unknown", (_, cookie) => {
    expect(timeZoneFromCookie(cookie)).toBeNull();
  });
});

describe("the head script's time zone cookie", () => {
  /** Runs the script on a page holding `cookie`; then someone shows up (`presence`), or not. */
  function run(cookie: string, { protocol = "http:", presence = "pointermove" } = {}) {
    const document = { cookie };
    const listeners = new Map<string, () => void>();
    runInNewContext(TIME_ZONE_SCRIPT, {
      document,
      location: { protocol },
      Intl: { DateTimeFormat: () => ({ resolvedOptions: () => ({ timeZone: "Asia/Tokyo" }) }) },
      addEventListener: (name: string, listener: () => void) => listeners.set(name, listener),
      removeEventListener: (name: string) => listeners.delete(name),
    });
    const before = document.cookie;
    listeners.get(presence)?.();
    return { before, after: document.cookie, listening: [...listeners.keys()] };
  }

  it("waits for someone to be there, then sets the browser's zone for a year, site-wide, same-site only; Secure over https", () => {
    for (const presence of ["pointermove", "pointerdown", "touchstart", "keydown", "focusin"])
      expect(run("", { presence })).toEqual({
        before: "",
        after: "tz=Asia%2FTokyo; path=/; max-age=31536000; samesite=lax",
        listening: [],
      });
    expect(run("", { protocol: "https:" }).after).toBe(
      "tz=Asia%2FTokyo; path=/; max-age=31536000; samesite=lax; secure",
    );
    expect(run("theme=dark; tz=Europe%2FLisbon").after).toMatch(/^tz=Asia%2FTokyo;/);
  });

  it("does nothing while no one is there", () => {
    const { before, after, listening } = run("", { presence: "load" });
    expect([before, after]).toEqual(["", ""]);
    expect(listening).toHaveLength(5);
  });

  it("leaves a cookie that already names the zone alone", () => {
    for (const cookie of ["tz=Asia%2FTokyo", "a=1; tz=Asia%2FTokyo", "tz=Asia%2FTokyo; b=2"])
      expect(run(cookie).after).toBe(cookie);
  });
});

describe("LocalTime in the server's HTML", () => {
  const html = (timeZone: string | null) =>
    renderToString(
      createElement(ViewerClockProvider, {
        minute: Math.floor(Date.parse("2026-11-26T10:00:00Z") / 60_000),
        timeZone,
        children: createElement(LocalTime, { iso: "2026-11-26T23:30:00Z" }),
      }),
    );

  it("is written in the zone the cookie names", () => {
    expect(html("Asia/Tokyo")).toContain(">27 Nov 2026, 08:30</time>");
  });

  it("is written in UTC, and says so, while the zone is unknown", () => {
    expect(html(null)).toContain(">2026-11-26 23:30 UTC</time>");
  });
});
