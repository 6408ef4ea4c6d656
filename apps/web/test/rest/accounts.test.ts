// Account self-service over real HTTP, from an attacker's side: the built app, its own
// database, and a real SMTP server in-process that catches the mails the app sends.
import { startMailCatcher, type MailCatcher } from "@taskfort/testing/mail-catcher";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getFreePort } from "../server";
import {
  call,
  expectEnvelope,
  newUser,
  PASSWORD,
  sessionCookie,
  startRestApp,
  uniqueName,
  type Call,
  type RestApp,
} from "./helpers";

const NEW_PASSWORD = "a completely new passphrase 8";
let mail: MailCatcher;
let app: RestApp;

async function startWithMail(env: Record<string, string> = {}): Promise<RestApp> {
  const port = await getFreePort();
  return startRestApp(
    {
      SMTP_URL: mail.url,
      MAIL_FROM: "Taskfort <no-reply@test.invalid>",
      AUTH_URL: `http://127.0.0.1:${port}`,
      ...env,
    },
    { port },
  );
}

beforeAll(async () => {
  mail = await startMailCatcher();
  app = await startWithMail();
});
afterAll(async () => {
  await app?.stop();
  await mail?.stop();
});

const tokenOf = (link: string) => new URLSearchParams(new URL(link).hash.slice(1)).get("token")!;

/** A user with a verified email, through the API (PUT /me/email, then the mailed link). */
async function verifiedUser(): Promise<{
  id: string;
  username: string;
  email: string;
  cookie: string;
}> {
  const user = await newUser(app, "acct");
  const cookie = await sessionCookie(app, user.username);
  const email = `${user.username}@example.com`;
  const since = mail.mails.length;
  const put = await call(app, "PUT", "/me/email", { cookie, body: { email } });
  expect(put.status, put.text).toBe(202);
  const link = mail.linkIn(await mail.waitFor(email, { since }));
  expect(link.startsWith(`${app.server.url}/verify-email#token=`)).toBe(true);
  const verified = await call(app, "POST", "/auth/verify-email", {
    body: { token: tokenOf(link) },
  });
  expect(verified.status, verified.text).toBe(204);
  return { id: user.id, username: user.username, email, cookie };
}

async function resetLink(username: string, email: string): Promise<string> {
  const since = mail.mails.length;
  const res = await call(app, "POST", "/auth/forgot-password", { body: { username } });
  expect(res.status).toBe(202);
  return tokenOf(mail.linkIn(await mail.waitFor(email, { since })));
}

/** An error answer without its per-request id, to compare answers with each other. */
const withoutId = (res: Call) => ({
  status: res.status,
  body: { error: { ...res.body.error, requestId: undefined } },
});

describe("accounts over HTTP", () => {
  it("accounts: forgot-password answers the same (status, body, timing within noise over 30 samples) for a verified user, one without email and an unknown name", async () => {
    const verified = await verifiedUser();
    const plain = await newUser(app, "noemail");
    const names = [verified.username, plain.username, uniqueName("ghost")];
    const samples: { status: number; text: string; ms: number }[][] = [[], [], []];
    for (let round = 0; round < 30; round++) {
      // Interleaved and rotated, so drift on a busy machine falls on every group alike.
      for (let k = 0; k < 3; k++) {
        const i = (round + k) % 3;
        const started = performance.now();
        const res = await call(app, "POST", "/auth/forgot-password", {
          body: { username: names[i] },
        });
        samples[i]!.push({ status: res.status, text: res.text, ms: performance.now() - started });
      }
    }
    const first = samples[0]![0]!;
    expect(first.status).toBe(202);
    for (const group of samples)
      for (const s of group)
        expect({ status: s.status, text: s.text }).toEqual({ status: 202, text: first.text });

    const sorted = (g: { ms: number }[]) => g.map((s) => s.ms).sort((a, b) => a - b);
    const median = (g: { ms: number }[]) => sorted(g)[Math.floor(g.length / 2)]!;
    const pooled = sorted(samples.flat());
    const q = (p: number) => pooled[Math.floor(p * (pooled.length - 1))]!;
    // "Within noise": the medians differ by less than the spread of all samples (IQR), or 2 ms.
    const noise = Math.max(q(0.75) - q(0.25), 2);
    const medians = samples.map(median);
    expect(
      Math.max(...medians) - Math.min(...medians),
      JSON.stringify({ medians, noise }),
    ).toBeLessThanOrEqual(noise);
    // Only the verified address got mail.
    const recipients = new Set(mail.mails.flatMap((m) => m.to));
    expect(recipients.has(verified.email)).toBe(true);
  });

  it("accounts: a reset link works once, ends every session (the old cookie gets 401), and reused, expired, superseded and unknown tokens get one answer", async () => {
    const user = await verifiedUser();
    expect((await call(app, "GET", "/me", { cookie: user.cookie })).body).toMatchObject({
      id: user.id,
      email: user.email,
      emailVerified: true,
    });
    const superseded = await resetLink(user.username, user.email);
    const current = await resetLink(user.username, user.email);
    const refusedOld = await call(app, "POST", "/auth/reset-password", {
      body: { token: superseded, newPassword: NEW_PASSWORD },
    });
    expectEnvelope(refusedOld, 400, "BAD_REQUEST");
    expect(refusedOld.body.error.fields.token).toBeTruthy();

    const ok = await call(app, "POST", "/auth/reset-password", {
      body: { token: current, newPassword: NEW_PASSWORD },
    });
    expect(ok.status, ok.text).toBe(204);
    expectEnvelope(await call(app, "GET", "/me", { cookie: user.cookie }), 401, "UNAUTHORIZED");
    expect(await app.database.db.session.count({ where: { userId: user.id } })).toBe(0);

    const reused = await call(app, "POST", "/auth/reset-password", {
      body: { token: current, newPassword: "and yet another one 5" },
    });
    const expiredToken = await resetLink(user.username, user.email);
    await app.database.db.oneTimeToken.updateMany({
      where: { userId: user.id, usedAt: null },
      data: { expiresAt: new Date(Date.now() - 1_000) },
    });
    const expired = await call(app, "POST", "/auth/reset-password", {
      body: { token: expiredToken, newPassword: "and yet another one 5" },
    });
    const unknown = await call(app, "POST", "/auth/reset-password", {
      body: { token: "A".repeat(43), newPassword: "and yet another one 5" },
    });
    for (const res of [reused, expired, unknown])
      expect(withoutId(res)).toEqual(withoutId(refusedOld));

    // The new password signs in; the old one does not.
    await expect(sessionCookie(app, user.username, PASSWORD)).rejects.toThrow();
    const fresh = await sessionCookie(app, user.username, NEW_PASSWORD);
    expect((await call(app, "GET", "/me", { cookie: fresh })).status).toBe(200);
    // The link never reaches the server's log (it travels in the URL fragment and in bodies).
    expect(app.server.output()).not.toContain(current);
  });

  it("accounts: session-only endpoints answer 403 to API tokens, GET /me answers them; DELETE /me takes its password in the body only", async () => {
    const user = await newUser(app, "tok");
    const me = await call(app, "GET", "/me", { token: user.token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      id: user.id,
      username: user.username,
      role: "USER",
      email: null,
      emailVerified: false,
      twoFactor: false,
      passkeys: 0,
      createdAt: expect.any(String),
    });
    for (const [method, path, body] of [
      ["POST", "/me/password", { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }],
      ["GET", "/me/sessions", undefined],
      ["DELETE", "/me/sessions", undefined],
      ["PUT", "/me/email", { email: "x@example.com" }],
      ["GET", "/me/export", undefined],
      ["DELETE", "/me", { password: PASSWORD }],
    ] as const)
      expectEnvelope(await call(app, method, path, { token: user.token, body }), 403, "FORBIDDEN");
    expect(await app.database.db.user.count({ where: { id: user.id } })).toBe(1);

    const cookie = await sessionCookie(app, user.username);
    const inUrl = await fetch(`${app.base}/me?password=${encodeURIComponent(PASSWORD)}`, {
      method: "DELETE",
      headers: { cookie, origin: app.server.url },
    });
    expect(inUrl.status).toBe(400);
    expect(await app.database.db.user.count({ where: { id: user.id } })).toBe(1);

    const exported = await call(app, "GET", "/me/export", { cookie });
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(exported.body.account.id).toBe(user.id);

    const deleted = await call(app, "DELETE", "/me", { cookie, body: { password: PASSWORD } });
    expect(deleted.status, deleted.text).toBe(204);
    expect(await app.database.db.user.count({ where: { id: user.id } })).toBe(0);
    expectEnvelope(await call(app, "GET", "/me", { cookie }), 401, "UNAUTHORIZED");
    expectEnvelope(await call(app, "GET", "/me", { token: user.token }), 401, "UNAUTHORIZED");
  });

  it("accounts: the OpenAPI document lists the account endpoints, DELETE /me with a JSON body", async () => {
    const doc = (await (await fetch(`${app.base}/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<string, { requestBody?: unknown; parameters?: { in: string }[] }>
      >;
    };
    for (const path of [
      "/me",
      "/me/password",
      "/me/sessions",
      "/me/sessions/{id}",
      "/me/email",
      "/me/export",
      "/auth/verify-email",
      "/auth/forgot-password",
      "/auth/reset-password",
      "/admin/users/{id}/reset-link",
    ])
      expect(doc.paths[path], path).toBeTruthy();
    const del = doc.paths["/me"]!.delete!;
    expect(del.requestBody).toBeTruthy();
    expect((del.parameters ?? []).filter((p) => p.in === "query")).toEqual([]);
  });
});

describe("accounts over HTTP: limits", () => {
  let limited: RestApp;
  beforeAll(async () => {
    limited = await startWithMail({ RATE_LIMIT_AUTH: "3/15m", TRUST_PROXY: "1" });
  });
  afterAll(async () => {
    await limited?.stop();
  });

  it("accounts: forgot-password is limited per username (from any address) and reset-password per address", async () => {
    const name = uniqueName("target");
    // Through one trusted proxy that terminated TLS (production redirects plain http to https).
    const from = (i: number) => ({
      "x-forwarded-for": `203.0.113.${i}`,
      "x-forwarded-proto": "https",
    });
    const forgot = [];
    for (let i = 1; i <= 4; i++)
      forgot.push(
        await call(limited, "POST", "/auth/forgot-password", {
          body: { username: name },
          headers: from(i),
        }),
      );
    expect(forgot.map((r) => r.status)).toEqual([202, 202, 202, 429]);

    const reset = [];
    for (let i = 0; i < 4; i++)
      reset.push(
        await call(limited, "POST", "/auth/reset-password", {
          body: { token: `${"B".repeat(42)}${i}`, newPassword: NEW_PASSWORD },
          headers: from(100),
        }),
      );
    expect(reset.map((r) => r.status)).toEqual([400, 400, 400, 429]);
  });
});
