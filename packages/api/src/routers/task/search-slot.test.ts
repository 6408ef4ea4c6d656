import { StatementTimeoutError } from "@taskfort/db";
import { describe, expect, it } from "vitest";
import { AppError } from "../../errors";
import { SEARCH_TIMEOUT_MESSAGE } from "../../limits";
import { useTestDatabase } from "../../test";
import { boundedSearch } from "./search-slot";

describe("boundedSearch", () => {
  const db = useTestDatabase();

  it("search: a statement timeout answers SERVICE_UNAVAILABLE with a message the user may see", async () => {
    const failed = await boundedSearch(db(), () => {
      throw new StatementTimeoutError("statement cancelled after 2000 ms");
    }).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(AppError);
    expect(failed).toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      message: SEARCH_TIMEOUT_MESSAGE,
      expose: true,
    });
  });
});
