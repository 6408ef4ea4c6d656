// The one list of security events: the audit log rows, their log lines, the admin
// filter and the OpenAPI enum all derive from it. Client-safe.
import { z } from "zod";
import "./zod";

export const AUDIT_ACTIONS = [
  "auth.register",
  "auth.login.success",
  "auth.login.failure",
  "token.create",
  "token.revoke",
  "admin.user.update",
  "authz.denied",
  "csrf.blocked",
  "ratelimit.blocked",
  "auth.2fa.enable",
  "auth.2fa.disable",
  "auth.2fa.failure",
  "auth.recovery.used",
  "auth.recovery.regenerate",
  "auth.passkey.add",
  "auth.passkey.remove",
  "auth.passkey.login",
  "admin.user.2fa.reset",
  "account.email.change",
  "account.email.verify",
  "auth.password.reset.request",
  "auth.password.reset",
  "auth.password.change",
  "session.revoke",
  "account.export",
  "account.delete",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export const auditActionSchema = z.enum(AUDIT_ACTIONS);
