// The viewer's time zone, told to the server by a cookie that the head script of any page sets
// once someone is there, so the server can write dates as the viewer reads them ("Due
// tomorrow 09:00", "3 days overdue") instead of in UTC until the page's JavaScript runs. It is
// a preference, not a credential: the browser may send anything, so the value is checked and
// a bad one is treated as unknown (UTC), never as an error.
import { PRESENCE_EVENTS } from "./presence";

export const TIME_ZONE_COOKIE = "tz";

/** IANA zone names are short ("America/Argentina/ComodRivadavia" is among the longest). */
const MAX_ZONE_LENGTH = 64;

/** The zone a `tz` cookie names, if it is one this runtime knows; null otherwise. */
export function timeZoneFromCookie(value: string | undefined): string | null {
  if (!value || value.length > MAX_ZONE_LENGTH * 3) return null;
  let zone: string;
  try {
    zone = decodeURIComponent(value);
  } catch {
    return null;
  }
  if (zone.length > MAX_ZONE_LENGTH || !/^[A-Za-z0-9_+\-/]+$/.test(zone)) return null;
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: zone });
    return zone;
  } catch {
    return null;
  }
}

/**
 * Sets the cookie to the browser's zone when it differs: a year long, the whole site, sent on
 * same-site requests only, Secure over https. Runs inline in <head> (see head-script.tsx), but
 * does its work only when someone is there (the first pointer, touch, key or focus, as the
 * deferred parts of a page do): a browser's first Intl.DateTimeFormat costs 40-55 ms of main
 * thread here, which a page load should not carry. The next request then names the zone.
 */
export const TIME_ZONE_SCRIPT = `(function(){var e=${JSON.stringify(PRESENCE_EVENTS)};function s(){e.forEach(function(n){removeEventListener(n,s,true)});try{var z=encodeURIComponent(Intl.DateTimeFormat().resolvedOptions().timeZone);if(("; "+document.cookie+";").indexOf("; ${TIME_ZONE_COOKIE}="+z+";")<0)document.cookie="${TIME_ZONE_COOKIE}="+z+"; path=/; max-age=31536000; samesite=lax"+(location.protocol==="https:"?"; secure":"");}catch(_){}}e.forEach(function(n){addEventListener(n,s,{capture:true,passive:true})})})();`;
