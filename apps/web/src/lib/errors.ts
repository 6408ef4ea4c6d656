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

/**
 * Only same-site paths may be a post-sign-in destination: "//evil.example" and
 * "https://evil.example" are not, so the login page cannot be turned into an open redirect.
 */
export function safeCallbackUrl(value: string | null | undefined, fallback = "/tasks"): string {
  return value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\")
    ? value
    : fallback;
}

/** A fixed, time-zone-free format: server and browser render the same text (no hydration mismatch). */
export function formatTime(iso: string | null | undefined): string {
  return iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "never";
}
