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
