import { describe, expect, it } from "vitest";
import { dueWindow, formatLocalTime, labelsFromText, relativeDue } from "./due";

// Thursday 26 November 2026, 10:00 in Lisbon (UTC+0 in winter) and 19:00 in Tokyo.
const now = new Date("2026-11-26T10:00:00Z");

describe("relativeDue", () => {
  it.each([
    ["2026-11-26T17:30:00Z", "Europe/Lisbon", "today 17:30", false],
    ["2026-11-27T09:00:00Z", "Europe/Lisbon", "tomorrow 09:00", false],
    ["2026-11-27T09:00:00Z", "Asia/Tokyo", "tomorrow 18:00", false],
    // 23:30 UTC is already the next day in Tokyo.
    ["2026-11-26T23:30:00Z", "Asia/Tokyo", "tomorrow 08:30", false],
    ["2026-11-26T23:30:00Z", "Europe/Lisbon", "today 23:30", false],
    ["2026-11-30T08:00:00Z", "Europe/Lisbon", "Mon 08:00", false],
    ["2026-12-24T18:00:00Z", "Europe/Lisbon", "24 Dec", false],
    ["2027-01-05T18:00:00Z", "Europe/Lisbon", "5 Jan 2027", false],
    ["2026-11-26T08:00:00Z", "Europe/Lisbon", "overdue since 08:00", true],
    ["2026-11-25T08:00:00Z", "Europe/Lisbon", "1 day overdue", true],
    ["2026-11-23T12:00:00Z", "Europe/Lisbon", "3 days overdue", true],
  ])("%s in %s reads %s", (iso, timeZone, text, overdue) => {
    expect(relativeDue(iso, { now, timeZone })).toEqual({ text, overdue });
  });

  it("a completed task is never overdue", () => {
    expect(relativeDue("2026-11-25T08:00:00Z", { now, timeZone: "UTC", completed: true })).toEqual({
      text: "yesterday 08:00",
      overdue: false,
    });
  });
});

describe("labelsFromText", () => {
  it("splits on commas and drops blanks", () => {
    expect(labelsFromText(" work, deep focus ,, ")).toEqual(["work", "deep focus"]);
  });
});

describe("dueWindow", () => {
  // The browser's own zone, whatever the test machine's is: the bounds are its local midnights.
  const noon = new Date(2026, 10, 26, 12, 30);
  const local = (d: Date) => [
    d.getFullYear(),
    d.getMonth(),
    d.getDate(),
    d.getHours(),
    d.getMinutes(),
  ];

  it("today runs from this local midnight to the next", () => {
    const { after, before } = dueWindow("today", noon);
    expect(local(after)).toEqual([2026, 10, 26, 0, 0]);
    expect(local(before)).toEqual([2026, 10, 27, 0, 0]);
  });

  it("upcoming is the 7 days after today, so it never overlaps today", () => {
    const { after, before } = dueWindow("upcoming", noon);
    expect(after).toEqual(dueWindow("today", noon).before);
    expect(local(before)).toEqual([2026, 11, 4, 0, 0]);
  });

  it("just before midnight still counts as today, and month ends roll over", () => {
    const late = new Date(2026, 10, 30, 23, 59);
    expect(local(dueWindow("today", late).before)).toEqual([2026, 11, 1, 0, 0]);
  });
});

describe("formatLocalTime", () => {
  it.each([
    ["2026-11-27T16:50:00Z", "Europe/Lisbon", "27 Nov 2026, 16:50"],
    ["2026-11-27T16:50:00Z", "Asia/Tokyo", "28 Nov 2026, 01:50"],
    ["2026-11-27T16:50:00Z", "America/New_York", "27 Nov 2026, 11:50"],
  ])("%s in %s reads %s", (iso, timeZone, text) => {
    expect(formatLocalTime(iso, timeZone)).toBe(text);
  });
});
