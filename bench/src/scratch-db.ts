import { createTestDatabase } from "@taskfort/db/testing";
const t = await createTestDatabase({ kind: "postgres" });
const u = await t.db.user.create({ data: { username: "w", usernameKey: "w" } });
await t.db.task.createMany({ data: Array.from({ length: 256 }, (_, i) => ({ ownerId: u.id, title: `Updated over and over ${i}` })) });
console.log(t.url);
process.exit(0);
