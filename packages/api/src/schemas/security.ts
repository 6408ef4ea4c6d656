// The security overview (/admin/security, GET /api/v1/admin/security): four kinds of security
// event per hour over the last 7 days, and the addresses they came from. Client-safe.
import { z } from "zod";
import "./zod";
import type { AuditAction } from "./audit";

/** The kinds the overview counts, each with its audit action (one table; the UI labels derive from it). */
export const SECURITY_KINDS = [
  { key: "signInFailures", action: "auth.login.failure", label: "Sign-in failures" },
  { key: "rateLimited", action: "ratelimit.blocked", label: "Rate-limit blocks (429)" },
  { key: "csrfBlocked", action: "csrf.blocked", label: "CSRF blocks" },
  { key: "authzDenied", action: "authz.denied", label: "Authorization denials" },
] as const satisfies readonly { key: string; action: AuditAction; label: string }[];

export type SecurityKind = (typeof SECURITY_KINDS)[number]["key"];

/** Hours in the overview: the current hour and the 167 before it (7 days). */
export const SECURITY_OVERVIEW_HOURS = 168;
/** Addresses listed, most events first. */
export const SECURITY_TOP_ADDRESSES = 10;

const count = z.number().int().min(0);
const counts = z.object({
  signInFailures: count,
  rateLimited: count,
  csrfBlocked: count,
  authzDenied: count,
});
export type SecurityCounts = z.infer<typeof counts>;

export const securityOverviewOutput = z.object({
  /** When the numbers were read (ISO 8601). */
  generatedAt: z.iso.datetime(),
  /** SECURITY_OVERVIEW_HOURS entries, oldest first; `start` is the UTC hour. */
  hours: z.array(counts.extend({ start: z.iso.datetime() })),
  /** Over the same 7 days, at most SECURITY_TOP_ADDRESSES, most events first. */
  topAddresses: z.array(counts.extend({ ip: z.string(), total: count })),
});
export type SecurityOverview = z.infer<typeof securityOverviewOutput>;
