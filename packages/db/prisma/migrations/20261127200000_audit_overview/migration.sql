-- (No semicolons inside these comments: Prisma's schema engine splits a migration at every one.)
-- The security overview (/admin/security) counts four actions per hour over the last 7 days
-- and ranks their source addresses. Two partial indexes serve it:
--
-- "AuditEvent_overview_idx" holds only those four actions' rows, by time, with the action and
-- the address in the key: counting rows per hour, action and address is an index-only scan of
-- the 7-day slice, never a visit to the table, so a flood of a million events stays a scan of
-- a narrow index, and the everyday events (sign-ins, tokens, sessions) stay out of it.
--
-- "AuditEvent_overview_repeats_idx" holds the rows that can carry meta.repeats (anonymous
-- authz.denied and csrf.blocked, stored once per address and window): few by design, so
-- reading their meta from the table is cheap.
--
-- Kept here, not in schema.prisma: Prisma's schema language has no partial indexes. The action
-- lists must stay equal to SECURITY_KINDS (packages/api/src/schemas/security.ts) and
-- AUDIT_AGGREGATED_ACTIONS (packages/api/src/audit.ts), as a test checks. The queries name them
-- literally, so the planner can prove these predicates cover them.
CREATE INDEX "AuditEvent_overview_idx" ON "AuditEvent" ("createdAt", "action", "ip")
  WHERE "action" IN ('auth.login.failure', 'ratelimit.blocked', 'csrf.blocked', 'authz.denied');

CREATE INDEX "AuditEvent_overview_repeats_idx" ON "AuditEvent" ("createdAt")
  WHERE "action" IN ('authz.denied', 'csrf.blocked') AND "actorId" IS NULL;
