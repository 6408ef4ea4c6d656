// One database per test file (created before its tests, dropped after), of the kind the
// vitest project asks for (TASKFORT_TEST_DB: postgres or pglite).
import { afterAll, beforeAll } from "vitest";
import type { Db } from "@taskfort/db";
import { createTestDatabase, type TestDatabase } from "@taskfort/db/testing";
import { flushBackgroundWork } from "../background";

export function useTestDatabase(): () => Db {
  let testDb: TestDatabase | undefined;
  beforeAll(async () => {
    testDb = await createTestDatabase();
  }, 120_000);
  afterAll(async () => {
    // Security events are written in the background; let them land before the database goes.
    await flushBackgroundWork();
    await flushBackgroundWork();
    await testDb?.drop();
  });
  return () => {
    if (!testDb) throw new Error("the test database is not ready (use it inside a test or hook)");
    return testDb.db;
  };
}
