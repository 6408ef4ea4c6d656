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
    return {
      code: data.code,
      message: data.message ?? (error as Error).message,
      requestId: data.requestId,
      fields: data.fields,
    };
  }
  return { code: "NETWORK", message: NETWORK_MESSAGE };
}

/** The REST/next-auth envelope `{ error: {...} }` from a fetch response, if that is what it is. */
export function envelopeError(body: unknown): ErrorInfo | null {
  const error = (body as { error?: Partial<ErrorBody> } | null)?.error;
  return error && typeof error.code === "string"
    ? {
        code: error.code,
        message: error.message ?? "",
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
