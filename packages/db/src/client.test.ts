import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createDb, DATABASE_WAIT_MS, parseDatabaseUrl, poolOf } from "./client";

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

  it("client: without them a pool waits DATABASE_WAIT_MS for a connection and for an answer, never forever", async () => {
    const db = createDb("postgres://127.0.0.1:1/db");
    const { options } = poolOf(db).pool as unknown as {
      options: { connectionTimeoutMillis: number; query_timeout: number };
    };
    expect(options.connectionTimeoutMillis).toBe(DATABASE_WAIT_MS);
    expect(options.query_timeout).toBe(DATABASE_WAIT_MS);
    await db.$disconnect();
  });

  describe("a server that accepts connections and never answers", () => {
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
  });
});
