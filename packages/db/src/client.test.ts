import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createDb, DATABASE_WAIT_MS, parseDatabaseUrl, poolOf } from "./client";
import { createTestDatabase } from "./testing";

describe("database URL and waits", () => {
  it("client: connect_timeout and socket_timeout (seconds) become the pool's waits and leave the URL", () => {
    expect(
      parseDatabaseUrl("postgres://h/db?sslmode=disable&connect_timeout=3&socket_timeout=7"),
    ).toEqual({
      connectionString: "postgres://h/db?sslmode=disable",
      prepare: true,
      connectTimeoutMs: 3_000,
      socketTimeoutMs: 7_000,
    });
    for (const bad of ["0", "-1", "2.5", "soon", ""])
      expect(() => parseDatabaseUrl(`postgres://h/db?socket_timeout=${bad}`)).toThrow(
        /socket_timeout must be a positive integer/,
      );
  });

  it("client: without connect_timeout a pool waits DATABASE_WAIT_MS for a connection, never forever", async () => {
    const db = createDb("postgres://127.0.0.1:1/db");
    const { options } = poolOf(db).pool as unknown as {
      options: { connectionTimeoutMillis: number };
    };
    expect(options.connectionTimeoutMillis).toBe(DATABASE_WAIT_MS);
    await db.$disconnect();
  });

  it("client: a transaction may hold its connection longer than socket_timeout; only a statement is bounded", async () => {
    const t = await createTestDatabase();
    const url = new URL(t.url);
    url.searchParams.set("socket_timeout", "1");
    const db = createDb(url.toString());
    try {
      // An import's transaction holds one connection for all its statements, each of them quick.
      const client = await poolOf(db).pool.connect();
      try {
        await client.query("BEGIN");
        await new Promise((resolve) => setTimeout(resolve, 2_200));
        const { rows } = await client.query<{ one: number }>("SELECT 1 AS one");
        await client.query("COMMIT");
        expect(rows).toEqual([{ one: 1 }]);
      } finally {
        client.release();
      }
    } finally {
      await db.$disconnect();
      await t.drop();
    }
  });

  describe("a server that stops answering", () => {
    let server: Server | undefined;
    const sockets: Socket[] = [];
    afterEach(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server?.close(resolve));
    });

    it("client: a query fails after connect_timeout instead of waiting for ever", async () => {
      server = createServer((socket) => sockets.push(socket));
      await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
      const { port } = server.address() as { port: number };
      const db = createDb(`postgres://postgres@127.0.0.1:${port}/db?connect_timeout=1`);
      const started = performance.now();
      const outcome = await db.$queryRaw`SELECT 1`.then(
        () => "answered",
        (error: unknown) => error,
      );
      const waited = performance.now() - started;
      await db.$disconnect();
      expect(outcome).toBeInstanceOf(Error);
      expect(String((outcome as Error).message)).toMatch(/timeout/i);
      expect(sockets.length, "the client did reach the server").toBeGreaterThan(0);
      expect(waited).toBeGreaterThanOrEqual(900);
      expect(waited).toBeLessThan(DATABASE_WAIT_MS);
    });

    it("client: a statement with no answer ends its connection after socket_timeout, and the pool opens a new one", async () => {
      // Enough of Postgres's protocol to open a session (AuthenticationOk, ReadyForQuery),
      // then silence: every statement goes unanswered.
      let connections = 0;
      server = createServer((socket) => {
        sockets.push(socket);
        connections++;
        socket.once("data", () =>
          socket.write(
            Buffer.from([
              ...[0x52, 0, 0, 0, 8, 0, 0, 0, 0], // 'R': authentication ok
              ...[0x5a, 0, 0, 0, 5, 0x49], // 'Z': ready for query, idle
            ]),
          ),
        );
      });
      await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
      const { port } = server.address() as { port: number };
      const db = createDb(
        `postgres://postgres@127.0.0.1:${port}/db?connect_timeout=5&socket_timeout=1`,
      );
      const { pool } = poolOf(db);
      const attempt = async () => {
        const started = performance.now();
        const error = await pool.query("SELECT 1").then(
          () => null,
          (e: unknown) => e as Error,
        );
        return { error, waited: performance.now() - started };
      };
      const first = await attempt();
      const second = await attempt();
      const left = pool.totalCount;
      await db.$disconnect();
      expect(first.error?.message).toMatch(/^Connection terminated/);
      expect(first.waited).toBeGreaterThanOrEqual(900);
      expect(first.waited).toBeLessThan(3_000);
      expect(second.error?.message).toMatch(/^Connection terminated/);
      expect(connections, "the stuck connection was replaced, not reused").toBe(2);
      expect(left, "no stuck connection is left in the pool").toBe(0);
    });
  });
});
