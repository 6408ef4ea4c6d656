// What a person sees when a call fails. tRPC errors carry the contract's envelope fields in
// `data` (the errorFormatter in @taskfort/api); everything else is a network failure.
import type { ErrorBody } from "@taskfort/api";

export interface ErrorInfo {
  code: string;
  message: string;
  requestId?: string;
  fields?: Record<string, string[]>;
}

export const NETWORK_MESSAGE = "Could not reach the server. Check your connection and try again.";

export function describeError(error: unknown): ErrorInfo {
  const data = (error as { data?: Partial<ErrorBody> } | null)?.data;
  if (data && typeof data.code === "string") {
    const message = data.message ?? (error as Error).message;
    const wait = data.code === "TOO_MANY_REQUESTS" ? retryAfterSeconds(message) : null;
    return {
      code: data.code,
      message: wait === null ? message : `Too many requests. Try again in ${humanWait(wait)}.`,
      requestId: data.requestId,
      fields: data.fields,
    };
  }
  return { code: "NETWORK", message: NETWORK_MESSAGE };
}

/** The wait the server named in a 429 message ("Expected available in 647 seconds."), if any. */
export function retryAfterSeconds(message: string | undefined): number | null {
  const match = /available in (\d+) seconds?/.exec(message ?? "");
  return match ? Number(match[1]) : null;
}

/** The seconds of the retry error in `error` (a throttled call), or null for any other failure. */
export function throttledFor(error: unknown): number | null {
  const data = (error as { data?: Partial<ErrorBody> } | null)?.data;
  return data?.code === "TOO_MANY_REQUESTS" ? retryAfterSeconds(data.message) : null;
}

/** 647 → "about 11 minutes": a wait as a person says it. */
export function humanWait(seconds: number): string {
  if (seconds < 5) return "a few seconds";
  if (seconds < 60) return `about ${seconds} seconds`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return minutes === 1 ? "about a minute" : `about ${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return hours === 1 ? "about an hour" : `about ${hours} hours`;
}

/** The REST/next-auth envelope `{ error: {...} }` from a fetch response, if that is what it is. */
export function envelopeError(body: unknown): ErrorInfo | null {
  const error = (body as { error?: Partial<ErrorBody> } | null)?.error;
  const wait = error?.code === "TOO_MANY_REQUESTS" ? retryAfterSeconds(error.message) : null;
  return error && typeof error.code === "string"
    ? {
        code: error.code,
        message:
          wait === null
            ? (error.message ?? "")
            : `Too many requests. Try again in ${humanWait(wait)}.`,
        requestId: error.requestId,
        fields: error.fields,
      }
    : null;
}

export function isUnauthorized(error: unknown): boolean {
  return describeError(error).code === "UNAUTHORIZED";
}

// Resolves candidate destinations without ever meaning a real host.
const PROBE_ORIGIN = "http://taskfort.invalid";

/**
 * Only same-origin paths may be a post-sign-in destination, whatever the input: the value is
 * parsed as a browser would parse it and only its path, query and fragment come out, so the
 * login page cannot be turned into an open redirect. Control characters (tab, CR, LF, which
 * URL parsing silently strips: "/\t/evil.example" would become "//evil.example"), backslashes
 * (read as "/"), anything that is not already a path, and anything whose parsed path begins
 * with "//" ("/.//evil.example") fall back to the default.
 */
export function safeCallbackUrl(value: string | null | undefined, fallback = "/tasks"): string {
  if (!value || !value.startsWith("/") || /[\u0000-\u001f\u007f-\u009f\\]/.test(value))
    return fallback;
  let url: URL;
  try {
    url = new URL(value, PROBE_ORIGIN);
  } catch {
    return fallback;
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  return url.origin === PROBE_ORIGIN && path.startsWith("/") && !path.startsWith("//")
    ? path
    : fallback;
}

/**
 * next-auth's redirect callback: its own default throws on URLs it cannot parse
 * ("http://a:99999/" in ?callbackUrl= answered 500). An absolute URL of the app's own
 * origin keeps its path; everything else goes through safeCallbackUrl; never a throw.
 */
export function sameOriginRedirect(url: string, baseUrl: string): string {
  let candidate: string | null = url;
  if (!url.startsWith("/")) {
    try {
      const parsed = new URL(url);
      candidate =
        parsed.origin === new URL(baseUrl).origin
          ? `${parsed.pathname}${parsed.search}${parsed.hash}`
          : null;
    } catch {
      candidate = null;
    }
  }
  return `${baseUrl}${safeCallbackUrl(candidate, "/")}`;
}

/** A fixed, time-zone-free format: server and browser render the same text (no hydration mismatch). */
export function formatTime(iso: string | null | undefined): string {
  return iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "never";
}
