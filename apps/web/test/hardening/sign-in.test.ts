// Sign-in attacked from outside, against the production build: the per-username limit
// holds on next-auth's credentials callback whatever the body encoding, field repetition,
// case or Unicode form of the name; callbackUrl never leads off the origin; crafted
// callback URLs never produce a 500. The database is checked after each attack.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectEnvelope, PASSWORD, sessionCookie, uniqueName } from "../rest/helpers";
import { freshLoopback, send, sendFrom, startHardenedApp, type HardenedApp } from "./helpers";

const AUTH_LIMIT = 5;
let app: HardenedApp;
let victim: { id: string; username: string };

/** Registration from an address of its own, so the sign-in buckets under test stay untouched. */
function register(username: string) {
  return sendFrom(freshLoopback(), `${app.base}/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
}

beforeAll(async () => {
  app = await startHardenedApp({ RATE_LIMIT_AUTH: `${AUTH_LIMIT}/15m` });
  const username = uniqueName("victim");
  const res = await register(username);
  expect(res.status, res.text).toBe(201);
  victim = { id: res.body.user.id, username };
});

afterAll(async () => {
  await app?.stop();
});

/** next-auth's CSRF token and the cookie that goes with it, as a browser holds them. */
async function csrf(): Promise<{ csrfToken: string; cookie: string }> {
  const res = await fetch(`${app.server.url}/api/auth/csrf`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { csrfToken, cookie };
}

type Encoding = "json" | "form" | "form-repeated";

/** One attempt on /api/auth/callback/credentials, from a new client address: the IP bucket never binds, only the username one. */
async function attempt(username: string, password: string, encoding: Encoding) {
  const { csrfToken, cookie } = await csrf();
  const fields = { csrfToken, password, json: "true" };
  let body: string;
  let type: string;
  if (encoding === "json") {
    body = JSON.stringify({ ...fields, username });
    type = "application/json";
  } else {
    const form = new URLSearchParams(fields);
    // next-auth keeps the last value of a repeated field: a decoy first, the real target last.
    if (encoding === "form-repeated") form.append("username", uniqueName("decoy"));
    form.append("username", username);
    body = form.toString();
    type = "application/x-www-form-urlencoded";
  }
  return sendFrom(freshLoopback(), `${app.server.url}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": type, cookie, origin: app.server.url },
    body,
  });
}

async function failuresRecorded(userId: string): Promise<number> {
  // Security events are written in the background: wait until the count settles.
  let last = -1;
  for (let i = 0; i < 20; i++) {
    const n = await app.database.db.auditEvent.count({
      where: { action: "auth.login.failure", target: userId },
    });
    if (n === last) return n;
    last = n;
    await new Promise((r) => setTimeout(r, 100));
  }
  return last;
}

describe("sign-in limit on next-auth's credentials callback", () => {
  it("sign-in: JSON bodies, repeated fields, other cases and Unicode forms all count against one username bucket, and the right password is refused once it is spent", async () => {
    const name = victim.username;
    const fullwidth = [...name]
      .map((c) =>
        /[a-z0-9]/i.test(c) ? String.fromCodePoint(c.codePointAt(0)! - 0x21 + 0xff01) : c,
      )
      .join("");
    expect(fullwidth.normalize("NFKC")).toBe(name);
    const variants: [string, Encoding][] = [
      [name, "json"],
      [name.toUpperCase(), "json"],
      [name, "form-repeated"],
      [fullwidth, "json"],
      [name.toUpperCase(), "form-repeated"],
      [fullwidth.toUpperCase(), "form"],
      [name, "json"],
      [name, "form-repeated"],
    ];
    const statuses: number[] = [];
    for (const [username, encoding] of variants)
      statuses.push((await attempt(username, "wrong password 1", encoding)).status);
    // Registering the name took one slot of its bucket; the next attempts are ordinary
    // failures until the bucket is spent, and every one after is throttled.
    const allowed = AUTH_LIMIT - 1;
    expect(statuses.slice(0, allowed), JSON.stringify(statuses)).not.toContain(429);
    expect(statuses.slice(allowed)).toEqual(variants.slice(allowed).map(() => 429));

    for (const encoding of ["json", "form", "form-repeated"] as const) {
      const right = await attempt(name, PASSWORD, encoding);
      expectEnvelope(right, 429, "TOO_MANY_REQUESTS");
      expect(right.headers.getSetCookie().some((c) => c.includes("session-token"))).toBe(false);
    }
    // In the database: no session was made, and the hasher ran only for the allowed attempts.
    expect(await app.database.db.session.count({ where: { userId: victim.id } })).toBe(0);
    expect(await failuresRecorded(victim.id)).toBe(allowed);
  });

  it("sign-in: a body next-auth cannot parse is a 400 envelope, not a 500", async () => {
    const res = await sendFrom(freshLoopback(), `${app.server.url}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: app.server.url },
      body: "{not json",
    });
    expectEnvelope(res, 400, "BAD_REQUEST");
  });
});

describe("callbackUrl", () => {
  let cookie: string;
  beforeAll(async () => {
    const username = uniqueName("cb");
    expect((await register(username)).status).toBe(201);
    cookie = await sessionCookie(app, username);
  });

  const hostile = [
    "/%09/127.0.0.1:4000/pwned",
    "/%0a/evil.example",
    "/%0d/evil.example",
    "//evil.example",
    "/%5cevil.example",
    "/.//evil.example",
    "https://evil.example/",
    "/%0aX",
  ];

  it("callbackUrl: signed in, /login?callbackUrl=<hostile> redirects to a same-origin path, never a 500", async () => {
    for (const value of hostile) {
      const res = await send(`${app.server.url}/login?callbackUrl=${value}`, {
        headers: { cookie },
      });
      expect(res.status, value).toBeLessThan(500);
      const location = res.headers.get("location");
      expect(location, value).toBeTruthy();
      expect(new URL(location!, app.server.url).origin, value).toBe(app.server.url);
      expect(location, value).not.toMatch(/^\/\/|^\/\\|[\t\r\n]/);
    }
  });

  it("callbackUrl: anonymous, the sign-in page hands the form only a same-origin path", async () => {
    for (const value of hostile) {
      const res = await send(`${app.server.url}/login?callbackUrl=${value}`);
      expect(res.status, value).toBe(200);
      // The form's destination, as serialised for the client component.
      const given = [...res.text.matchAll(/callbackUrl\\*":\\*"([^"\\]*)/g)].map((m) => m[1]);
      expect(given.length, value).toBeGreaterThan(0);
      expect(new Set(given), value).toEqual(new Set(["/tasks"]));
    }
  });

  it("callbackUrl: next-auth's own endpoints never follow another origin or answer 500 for a crafted callbackUrl", async () => {
    for (const value of ["http://a:99999/", "http://[::1/", "https://evil.example/", ...hostile]) {
      const q = encodeURIComponent(value);
      const csrfRes = await send(`${app.server.url}/api/auth/csrf?callbackUrl=${q}`);
      expect(csrfRes.status, value).toBe(200);
      const signin = await send(`${app.server.url}/api/auth/signin?callbackUrl=${q}`);
      expect(signin.status, value).toBeLessThan(500);
      // The callback-url cookie next-auth keeps must be our own origin.
      for (const set of [...csrfRes.headers.getSetCookie(), ...signin.headers.getSetCookie()]) {
        const m = /next-auth\.callback-url=([^;]*)/.exec(set);
        if (m) expect(new URL(decodeURIComponent(m[1]!)).origin, value).toBe(app.server.url);
      }
    }
  });
});
