// The one HTTP client of the web tests: plain requests with full control over headers, tRPC
// queries, mutations and batches, and a cookie jar for next-auth's browser sign-in. Every helper
// answers with the same Answer (status, headers, text and the parsed body).
import { randomBytes } from "node:crypto";

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body, or undefined when it is empty or not JSON. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read whatever came back
}

/** Anything with the server's base URL ("http://127.0.0.1:PORT"). */
export type Target = { url: string } | { server: { url: string } };

const baseOf = (target: Target) => ("server" in target ? target.server.url : target.url);

/** One request, never following redirects; the body is read and parsed. */
export async function send(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, { redirect: "manual", ...init });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

/** A tRPC query over GET with exactly the headers given. */
export function trpcQuery(
  target: Target,
  path: string,
  input: unknown = {},
  headers: Record<string, string> = {},
) {
  return send(
    `${baseOf(target)}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`,
    { headers },
  );
}

/** A tRPC mutation over POST with exactly the headers given (nothing added), or a raw body. */
export function trpcMutation(
  target: Target,
  path: string,
  input: unknown,
  headers: Record<string, string> = {},
  body?: BodyInit,
) {
  return send(`${baseOf(target)}/api/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: body ?? JSON.stringify(input),
  });
}

/** `n` calls of the same query in one tRPC HTTP batch. */
export function trpcBatch(
  target: Target,
  path: string,
  n: number,
  headers: Record<string, string> = {},
) {
  const paths = Array.from({ length: n }, () => path).join(",");
  const input = Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i), {}]));
  return send(
    `${baseOf(target)}/api/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`,
    { headers },
  );
}

/** Cookies as a browser keeps them for one site: set by responses, sent as one Cookie header. */
export class CookieJar {
  readonly #cookies = new Map<string, string>();

  take(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      this.#cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  header(): string {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  find(suffix: string): [string, string] | undefined {
    return [...this.#cookies].find(([name]) => name.endsWith(suffix));
  }
}

/**
 * next-auth's credentials sign-in as the browser does it (CSRF cookie and token, then the form
 * post with the app's Origin). Returns the answer, every Set-Cookie line seen, and the jar.
 */
export async function credentialsSignIn(
  target: Target,
  username: string,
  password: string,
): Promise<{ answer: Answer; setCookies: string[]; jar: CookieJar }> {
  const base = baseOf(target);
  const jar = new CookieJar();
  const csrf = await fetch(`${base}/api/auth/csrf`);
  jar.take(csrf.headers);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const answer = await send(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: jar.header(),
      origin: base,
    },
    body: new URLSearchParams({ username, password, csrfToken, json: "true" }),
  });
  jar.take(answer.headers);
  return {
    answer,
    setCookies: [...csrf.headers.getSetCookie(), ...answer.headers.getSetCookie()],
    jar,
  };
}

/** A fresh user and an API token for it, over the public tRPC API (register, then token login). */
export async function registerTokenUser(target: Target, prefix = "user"): Promise<string> {
  const credentials = {
    username: `${prefix}_${randomBytes(4).toString("hex")}`,
    password: "correct horse battery staple",
  };
  const origin = { origin: baseOf(target) };
  const registered = await trpcMutation(target, "auth.register", credentials, origin);
  if (registered.status !== 200)
    throw new Error(`register answered ${registered.status}: ${registered.text}`);
  const login = await trpcMutation(target, "auth.login", credentials, origin);
  if (login.status !== 200) throw new Error(`token login answered ${login.status}: ${login.text}`);
  return (login.body as { result: { data: { token: string } } }).result.data.token;
}
