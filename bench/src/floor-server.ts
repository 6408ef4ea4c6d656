// The floor for `bench:http`: the least work the benchmarked requests need, on Taskfort's own
// tables, with node:http + pg and nothing else (no framework, no validation library, no ORM,
// no logs). Run as its own process by http.ts: `tsx src/floor-server.ts <port>` with
// DATABASE_URL set. What it does per request is what the real server cannot skip:
//  - the token: SHA-256 of the bearer secret, one join that also checks the owner is not disabled;
//  - GET  /tasks: the count and a page of 10 (newest first), as two reads in parallel;
//  - POST /tasks: one INSERT … RETURNING.
import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import pg from "pg";
import { getEnv } from "@taskfort/config/env";

const databaseUrl = getEnv().DATABASE_URL;
const port = Number(process.argv[2]);
if (!databaseUrl || !port) throw new Error("usage: DATABASE_URL=… tsx src/floor-server.ts <port>");
const url = new URL(databaseUrl);
const limit = url.searchParams.get("connection_limit");
url.searchParams.delete("connection_limit");
// The same pool size as the app's Prisma adapter (10; 1 on embedded PGlite).
const pool = new pg.Pool({ connectionString: url.toString(), max: limit ? Number(limit) : 10 });

const COLUMNS = `id, title, description, completed, "dueAt", priority, version, "createdAt", "updatedAt"`;

async function ownerOf(req: IncomingMessage): Promise<string | null> {
  const secret = /^Bearer (\S+)$/.exec(req.headers.authorization ?? "")?.[1];
  if (!secret) return null;
  const hash = createHash("sha256").update(secret).digest("hex");
  const { rows } = await pool.query<{ ownerId: string }>(
    `SELECT t."ownerId" FROM "ApiToken" t JOIN "User" u ON u.id = t."ownerId"
     WHERE t."tokenHash" = $1 AND t."revokedAt" IS NULL AND t."expiresAt" > now() AND u."disabledAt" IS NULL`,
    [hash],
  );
  return rows[0]?.ownerId ?? null;
}

function send(res: ServerResponse, status: number, body: unknown) {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(json),
  });
  res.end(json);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  const ownerId = await ownerOf(req);
  if (!ownerId) return send(res, 401, { error: "unauthorized" });
  if (req.method === "GET") {
    const [count, page] = await Promise.all([
      pool.query<{ total: string }>(
        `SELECT count(*) AS total FROM "Task" WHERE "ownerId" = $1 AND "deletedAt" IS NULL`,
        [ownerId],
      ),
      pool.query(
        `SELECT ${COLUMNS} FROM "Task" WHERE "ownerId" = $1 AND "deletedAt" IS NULL
         ORDER BY "createdAt" DESC, id DESC LIMIT 10`,
        [ownerId],
      ),
    ]);
    const total = Number(count.rows[0]?.total ?? 0);
    return send(res, 200, {
      items: page.rows,
      page: 1,
      pageSize: 10,
      total,
      totalPages: Math.ceil(total / 10),
    });
  }
  const input = JSON.parse(await readBody(req)) as { title: string };
  const { rows } = await pool.query(
    `INSERT INTO "Task" (id, title, "ownerId", "updatedAt") VALUES ($1, $2, $3, now()) RETURNING ${COLUMNS}`,
    [randomUUID(), input.title, ownerId],
  );
  return send(res, 201, rows[0]);
}

createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    console.error(error);
    if (!res.headersSent) send(res, 500, { error: "internal" });
  });
}).listen(port, "127.0.0.1", () => console.log(`floor listening on ${port}`));

process.on("SIGTERM", () => {
  void pool.end().finally(() => process.exit(0));
});
