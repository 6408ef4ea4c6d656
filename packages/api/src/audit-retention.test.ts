import { describe, expect, it } from "vitest";
import { runHousekeeping } from "./housekeeping";
import { useTestDatabase } from "./test/db";

const testDb = useTestDatabase();
const DAY_MS = 24 * 60 * 60 * 1000;

describe("audit retention", () => {
  it("housekeeping: audit events older than AUDIT_RETENTION_DAYS (180 by default) are deleted, younger ones kept", async () => {
    const now = new Date();
    const at = (days: number) => new Date(now.getTime() - days * DAY_MS);
    await testDb().auditEvent.createMany({
      data: [
        { action: "auth.login.failure", createdAt: at(181), requestId: "old" },
        { action: "auth.login.failure", createdAt: at(179), requestId: "young" },
        { action: "auth.login.failure", createdAt: at(0), requestId: "today" },
      ],
    });
    expect((await runHousekeeping(testDb(), now)).auditPurged).toBe(1);
    const left = await testDb().auditEvent.findMany({
      where: { requestId: { in: ["old", "young", "today"] } },
      select: { requestId: true },
      orderBy: { createdAt: "asc" },
    });
    expect(left.map((r) => r.requestId)).toEqual(["young", "today"]);
    // Running it again deletes nothing more.
    expect((await runHousekeeping(testDb(), now)).auditPurged).toBe(0);
  });
});
