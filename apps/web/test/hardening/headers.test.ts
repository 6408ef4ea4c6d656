// Browser security headers on every kind of response of the production build: an HTML
// page, a tRPC answer, a REST answer and the 404 page; the https redirect behind a trusted
// proxy; production cookie flags and prefixes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, newUser, PASSWORD, startRestApp, type RestApp, type User } from "../rest/helpers";
import { credentialsSignIn } from "../client";
import { send, type Answer } from "./helpers";

let app: RestApp;
let proxied: RestApp;
let user: User;

beforeAll(async () => {
  app = await startRestApp();
  // Behind one trusted proxy: X-Forwarded-Proto counts.
  // AUTH_URL is the canonical address the redirect points at.
  proxied = await startRestApp({ TRUST_PROXY: "1", AUTH_URL: "https://taskfort.example" });
  user = await newUser(app, "headers");
});

afterAll(async () => {
  await app?.stop();
  await proxied?.stop();
});

const nonceOf = (res: Answer) =>
  /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1];

function expectSecurityHeaders(res: Answer, what: string) {
  const h = (name: string) => res.headers.get(name) ?? "";
  const csp = h("content-security-policy");
  const directive = (name: string) =>
    csp
      .split(";")
      .map((d) => d.trim())
      .find((d) => d.startsWith(`${name} `)) ?? "";
  expect(directive("script-src"), what).toMatch(
    /^script-src .*'nonce-[A-Za-z0-9+/=]{22,}'.*'strict-dynamic'/,
  );
  expect(directive("script-src"), what).not.toMatch(/unsafe-inline|unsafe-eval/);
  expect(directive("style-src"), what).not.toContain("unsafe-inline");
  expect(directive("object-src"), what).toBe("object-src 'none'");
  expect(directive("base-uri"), what).toBe("base-uri 'none'");
  expect(directive("form-action"), what).toBe("form-action 'self'");
  expect(directive("frame-ancestors"), what).toBe("frame-ancestors 'none'");
  expect(h("x-content-type-options"), what).toBe("nosniff");
  expect(h("referrer-policy"), what).toBe("strict-origin-when-cross-origin");
  expect(h("permissions-policy"), what).toMatch(/camera=\(\)/);
  expect(h("permissions-policy"), what).toMatch(/geolocation=\(\)/);
  expect(h("cross-origin-opener-policy"), what).toBe("same-origin");
  expect(h("cross-origin-resource-policy"), what).toBe("same-origin");
  const hsts = /^max-age=(\d+); includeSubDomains/.exec(h("strict-transport-security"));
  expect(hsts, what).not.toBeNull();
  expect(Number(hsts![1]), what).toBeGreaterThanOrEqual(31_536_000);
  expect(h("x-request-id"), what).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.headers.get("x-powered-by"), what).toBeNull();
}

describe("security headers (npm start)", () => {
  it("headers: an HTML page, a tRPC answer, a REST answer and the 404 page all carry every header", async () => {
    const page = await send(`${app.server.url}/login`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    const trpc = await send(
      `${app.server.url}/api/trpc/health.ping?input=${encodeURIComponent("{}")}`,
    );
    expect(trpc.status).toBe(200);
    const trpcError = await send(
      `${app.server.url}/api/trpc/task.list?input=${encodeURIComponent("{}")}`,
    );
    expect(trpcError.status).toBe(401);
    const rest = await call(app, "GET", "/tasks", { token: user.token });
    expect(rest.status).toBe(200);
    const restError = await call(app, "GET", "/no-such-endpoint");
    expect(restError.status).toBe(404);
    const notFound = await send(`${app.server.url}/no-such-page`);
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get("content-type")).toMatch(/text\/html/);
    for (const [what, res] of Object.entries({ page, trpc, trpcError, rest, restError, notFound }))
      expectSecurityHeaders(res, what);
    // API errors: X-Request-Id is the requestId in the body.
    expect(trpcError.body.error.data.requestId).toBe(trpcError.headers.get("x-request-id"));
    expect(restError.body.error.requestId).toBe(restError.headers.get("x-request-id"));
  });

  it("headers: the CSP nonce is fresh on every response and is the one on the page's scripts", async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => send(`${app.server.url}/login`)),
    );
    const nonces = answers.map(nonceOf);
    expect(new Set(nonces).size).toBe(5);
    for (const [i, res] of answers.entries()) {
      const scripts = [...res.text.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonces[i]}"`);
    }
  });

  it("https: behind the trusted proxy, a request that arrived over http is sent to https with 308 (method kept), with HSTS", async () => {
    const res = await send(`${proxied.server.url}/tasks?page=2`, {
      headers: { "x-forwarded-proto": "http", "x-forwarded-for": "203.0.113.9" },
    });
    expect(res.status).toBe(308);
    expect(res.headers.get("location")).toBe("https://taskfort.example/tasks?page=2");
    expect(res.headers.get("strict-transport-security")).toMatch(/max-age=\d+; includeSubDomains/);
    const post = await send(`${proxied.server.url}/api/v1/tasks`, {
      method: "POST",
      headers: { "x-forwarded-proto": "http" },
      body: "{}",
    });
    expect(post.status).toBe(308);
    const https = await send(`${proxied.server.url}/login`, {
      headers: { "x-forwarded-proto": "https" },
    });
    expect(https.status).toBe(200);
  });

  it("https: without TRUST_PROXY a client-sent X-Forwarded-Proto is ignored", async () => {
    const res = await send(`${app.server.url}/login`, { headers: { "x-forwarded-proto": "http" } });
    expect(res.status).toBe(200);
  });

  it("redirects: the trailing-slash redirect stays on this host and cannot be turned into an open redirect", async () => {
    const res = await send(`${app.server.url}/login/`);
    expect(res.status).toBe(308);
    expect(new URL(res.headers.get("location")!, app.server.url).pathname).toBe("/login");
    for (const path of [
      "//evil.example/",
      "/%5Cevil.example/",
      "/%2F%2Fevil.example/",
      "//evil.example//",
    ]) {
      const hop = await send(`${app.server.url}${path}`);
      expect(hop.status, path).toBe(308);
      const location = hop.headers.get("location") ?? "";
      // Whoever answers (Next's own slash normalisation or the proxy), the target stays on this host.
      expect(new URL(location, app.server.url).port, `${path} → ${location}`).toBe(
        String(app.server.port),
      );
      expect(new URL(location, app.server.url).hostname, `${path} → ${location}`).toMatch(
        /^(127\.0\.0\.1|localhost)$/,
      );
    }
  });

  it("cookies: production session and CSRF cookies are Secure, HttpOnly, SameSite=Lax, with __Secure-/__Host- prefixes", async () => {
    const { setCookies: all } = await credentialsSignIn(app, user.username, PASSWORD);
    const session = all.find((c) => /^[^=]*next-auth\.session-token=/.test(c));
    expect(session, all.join("\n")).toBeDefined();
    for (const cookie of all) {
      const name = cookie.split("=")[0]!;
      expect(name, cookie).toMatch(/^__(Secure|Host)-/);
      expect(cookie, cookie).toMatch(/;\s*Secure/i);
      expect(cookie, cookie).toMatch(/;\s*HttpOnly/i);
      expect(cookie, cookie).toMatch(/;\s*SameSite=Lax/i);
      if (name.startsWith("__Host-")) {
        expect(cookie).toMatch(/;\s*Path=\/(;|$)/i);
        expect(cookie).not.toMatch(/;\s*Domain=/i);
      }
    }
  });
});
