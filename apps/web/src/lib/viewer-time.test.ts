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
  function run(cookie: string, protocol = "http:") {
    const document = { cookie };
    runInNewContext(TIME_ZONE_SCRIPT, {
      document,
      location: { protocol },
      Intl: { DateTimeFormat: () => ({ resolvedOptions: () => ({ timeZone: "Asia/Tokyo" }) }) },
    });
    return document.cookie;
  }

  it("sets the browser's zone for a year, site-wide, same-site only; Secure over https", () => {
    expect(run("")).toBe("tz=Asia%2FTokyo; path=/; max-age=31536000; samesite=lax");
    expect(run("", "https:")).toBe(
      "tz=Asia%2FTokyo; path=/; max-age=31536000; samesite=lax; secure",
    );
    expect(run("theme=dark; tz=Europe%2FLisbon")).toMatch(/^tz=Asia%2FTokyo;/);
  });

  it("leaves a cookie that already names the zone alone", () => {
    for (const cookie of ["tz=Asia%2FTokyo", "a=1; tz=Asia%2FTokyo", "tz=Asia%2FTokyo; b=2"])
      expect(run(cookie)).toBe(cookie);
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
