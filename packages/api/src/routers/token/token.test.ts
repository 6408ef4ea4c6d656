import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../test/db";
import { flushBackgroundWork } from "../../background";
import { hashTokenSecret } from "../../auth/api-token";
import { authenticate } from "../../auth/authenticate";
import { signedInUser } from "../../test/principals";
import { callerFor, errorOf } from "../../test/trpc";

const testDb = useTestDatabase();

const DAY = 86_400_000;

describe("token procedures", () => {
  it("tokens: anonymous callers are UNAUTHORIZED for list, create and revoke, and nothing is written", async () => {
    const { user } = await signedInUser(testDb());
    const token = await testDb().apiToken.create({
      data: {
        ownerId: user.id,
        name: "x",
        tokenHash: "h".repeat(64),
        prefix: "tf_x",
        scopes: ["tasks:read"],
        expiresAt: new Date(Date.now() + DAY),
      },
    });
    const anon = callerFor(testDb(), null);
    expect((await errorOf(anon.token.list())).code).toBe("UNAUTHORIZED");
    expect((await errorOf(anon.token.create({ name: "n", scopes: ["tasks:read"] }))).code).toBe(
      "UNAUTHORIZED",
    );
    expect((await errorOf(anon.token.revoke({ id: token.id }))).code).toBe("UNAUTHORIZED");
    const rows = await testDb().apiToken.findMany({ where: { ownerId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.revokedAt).toBeNull();
  });

  it("tokens: create returns the secret once, stores only its SHA-256, and list never shows it", async () => {
    const { user, principal } = await signedInUser(testDb());
    const me = callerFor(testDb(), principal);
    const created = await me.token.create({ name: "ci", scopes: ["tasks:read", "tasks:read"] });
    expect(created.token).toMatch(/^tf_[A-Za-z0-9_-]{43}$/);
    expect(created.scopes).toEqual(["tasks:read"]);
    const row = await testDb().apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.ownerId).toBe(user.id);
    expect(row.tokenHash).toBe(hashTokenSecret(created.token));
    const listed = await me.token.list();
    expect(listed.items.map((i) => i.id)).toEqual([created.id]);
    expect(JSON.stringify(listed)).not.toContain(created.token);
    expect(JSON.stringify(listed)).not.toContain(row.tokenHash);
    expect(listed.items[0]).not.toHaveProperty("token");
  });

  it("tokens: expiry defaults to 90 days and may not exceed 365", async () => {
    const { principal } = await signedInUser(testDb());
    const me = callerFor(testDb(), principal);
    const byDefault = await me.token.create({ name: "a", scopes: ["tasks:write"] });
    expect(Math.round((Date.parse(byDefault.expiresAt) - Date.now()) / DAY)).toBe(90);
    const year = await me.token.create({ name: "b", scopes: ["tasks:write"], expiresInDays: 365 });
    expect(Math.round((Date.parse(year.expiresAt) - Date.now()) / DAY)).toBe(365);
    const tooLong = await errorOf(
      me.token.create({ name: "c", scopes: ["tasks:write"], expiresInDays: 366 }),
    );
    expect(tooLong.fields?.expiresInDays).toEqual(["Expiry must be at most 365 days."]);
    const badScope = await errorOf(me.token.create({ name: "d", scopes: ["admin"] as never }));
    expect(badScope.code).toBe("BAD_REQUEST");
    expect(await testDb().apiToken.count({ where: { ownerId: principal.user.id } })).toBe(2);
  });

  it("tokens: another user's token is NOT_FOUND on revoke, is not listed, and stays valid", async () => {
    const alice = await signedInUser(testDb());
    const bob = await signedInUser(testDb());
    const alicesToken = await callerFor(testDb(), alice.principal).token.create({
      name: "mine",
      scopes: ["tasks:read"],
    });
    const asBob = callerFor(testDb(), bob.principal);
    expect(await errorOf(asBob.token.revoke({ id: alicesToken.id }))).toMatchObject({
      code: "NOT_FOUND",
      httpStatus: 404,
    });
    expect((await asBob.token.list()).items).toEqual([]);
    expect(
      (await testDb().apiToken.findUniqueOrThrow({ where: { id: alicesToken.id } })).revokedAt,
    ).toBeNull();
    expect(
      (
        await authenticate(testDb(), {
          authorization: `Bearer ${alicesToken.token}`,
          session: null,
        })
      ).principal,
    ).not.toBeNull();
  });

  it("tokens: revoke sets revokedAt, the token stops working at once, and the revoke is audited", async () => {
    const { principal } = await signedInUser(testDb());
    const me = callerFor(testDb(), principal);
    const created = await me.token.create({ name: "temp", scopes: ["tasks:read"] });
    const revoked = await me.token.revoke({ id: created.id });
    expect(revoked.revokedAt).not.toBeNull();
    const again = await me.token.revoke({ id: created.id });
    expect(again.revokedAt).toBe(revoked.revokedAt);
    const result = await authenticate(testDb(), {
      authorization: `Bearer ${created.token}`,
      session: null,
    });
    expect(result.principal).toBeNull();
    expect(result.rejected).toBeTruthy();
    await flushBackgroundWork();
    const actions = (
      await testDb().auditEvent.findMany({
        where: { target: created.id },
        select: { action: true, actorId: true },
      })
    ).map((e) => e);
    expect(actions).toEqual(
      expect.arrayContaining([
        { action: "token.create", actorId: principal.user.id },
        { action: "token.revoke", actorId: principal.user.id },
      ]),
    );
    expect(actions.filter((a) => a.action === "token.revoke")).toHaveLength(1);
  });
});
