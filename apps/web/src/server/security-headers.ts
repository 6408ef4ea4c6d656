// The one home of the browser security headers. The proxy applies them to every
// response; tests and the hardening work read them from here.
import { randomFillSync } from "node:crypto";

export interface SecurityHeaderOptions {
  nonce: string;
  /** `next dev` needs eval for React's debugging aids; a production build never does. */
  isDev: boolean;
  isProduction: boolean;
}

const NONCE_BYTES = 16;
/** Random bytes for 256 nonces, drawn at once: one call into the system's generator per 256 responses, not one each. */
const noncePool = Buffer.alloc(NONCE_BYTES * 256);
let noncePoolOffset = noncePool.length;

/** 128 random bits, base64: unguessable per response, as a CSP nonce must be. Each pooled byte is used once. */
export function newNonce(): string {
  if (noncePoolOffset === noncePool.length) {
    randomFillSync(noncePool);
    noncePoolOffset = 0;
  }
  const nonce = noncePool.toString("base64", noncePoolOffset, noncePoolOffset + NONCE_BYTES);
  noncePoolOffset += NONCE_BYTES;
  return nonce;
}

export function contentSecurityPolicy({
  nonce,
  isDev,
}: Pick<SecurityHeaderOptions, "nonce" | "isDev">): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // 'strict-dynamic': only scripts carrying this response's nonce (Next adds it to its own
    // tags) and what they load may run; no 'unsafe-inline', so injected markup cannot execute.
    "script-src": [
      "'self'",
      `'nonce-${nonce}'`,
      "'strict-dynamic'",
      ...(isDev ? ["'unsafe-eval'"] : []),
    ],
    // next dev's overlay and hot reloading inject <style> tags without the nonce; browsers ignore
    // 'unsafe-inline' when a nonce is present, so dev drops the nonce here. Production stays strict.
    "style-src": isDev ? ["'self'", "'unsafe-inline'"] : ["'self'", `'nonce-${nonce}'`],
    "img-src": ["'self'", "blob:", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    // 'none': an injected <base> cannot redirect the app's relative script URLs.
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    // Nobody may frame the app (clickjacking).
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": contentSecurityPolicy(options),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy":
      "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()",
    // Own browsing-context group: other windows cannot script us through window.opener.
    "Cross-Origin-Opener-Policy": "same-origin",
    // Our responses may not be embedded by other origins (Spectre-style reads).
    "Cross-Origin-Resource-Policy": "same-origin",
    // For browsers without CSP frame-ancestors.
    "X-Frame-Options": "DENY",
  };
  // Only meaningful once served over https (production); on http://localhost it would pin the dev host to https.
  if (options.isProduction)
    headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains";
  return headers;
}
