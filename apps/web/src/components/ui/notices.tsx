import type { ReactNode } from "react";
import { describeError, type ErrorInfo } from "@/lib/errors";

/**
 * A failure as people should read it: the server's message (the rate limit's includes its
 * wait time) and, for anything unexpected, the request id to quote to support.
 */
export function ErrorNotice({
  error,
  title,
  children,
}: {
  error: unknown;
  title?: string;
  children?: ReactNode;
}) {
  if (!error) return null;
  const info = describeError(error);
  const showRequestId =
    info.requestId && info.code !== "BAD_REQUEST" && info.code !== "TOO_MANY_REQUESTS";
  return (
    <div
      role="alert"
      className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900"
    >
      {title && <p className="font-semibold">{title}</p>}
      <p data-testid="error-message">{info.message}</p>
      {showRequestId && (
        <p className="mt-1">
          Request id: <code className="break-all">{info.requestId}</code>
        </p>
      )}
      {children}
    </div>
  );
}

/** A form's own failure line (not a field's): always in the DOM, so its message is announced when it appears. */
export function FormError({ error, id }: { error: ErrorInfo | null; id?: string }) {
  const showRequestId =
    error?.requestId && !["BAD_REQUEST", "UNAUTHORIZED", "TOO_MANY_REQUESTS"].includes(error.code);
  return (
    <div id={id} role="alert" className="text-sm text-red-700">
      {error && (
        <p className="mb-2">
          {error.message}
          {showRequestId && <> (request id {error.requestId})</>}
        </p>
      )}
    </div>
  );
}
