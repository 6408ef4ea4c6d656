-- The security overview (/admin/security) counts four actions per hour over the last 7 days
-- and ranks their source addresses. This partial index holds only those actions' rows, by
-- time: the overview reads the 7-day slice of it, and the everyday events (sign-ins, tokens,
-- sessions) that make up most of a large log stay out of its way. Kept here, not in
-- schema.prisma: Prisma's schema language has no partial indexes. The action list must stay
-- equal to SECURITY_KINDS (packages/api/src/schemas/security.ts): the queries name it
-- literally, so the planner can prove they are covered by this predicate.
CREATE INDEX "AuditEvent_overview_idx" ON "AuditEvent" ("createdAt")
  WHERE "action" IN ('auth.login.failure', 'ratelimit.blocked', 'csrf.blocked', 'authz.denied');
