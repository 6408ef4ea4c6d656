// TEST AND DEV TOOLING ONLY — never part of a production deployment.
//
// A small HTTP server that speaks the subset of Upstash's REST protocol that
// @upstash/redis and @upstash/ratelimit use, in front of an ordinary Redis (REDIS_URL).
// It lets the Upstash rate-limit backend run against real Redis in tests and in
// `npm run dev`, without an Upstash account:
//   POST /            body ["CMD", ...args]          → {"result": …} | 400 {"error": "…"}
//   POST /pipeline    body [["CMD", ...], …]         → [{"result": …} | {"error": "…"}, …]
//   POST /multi-exec  body [["CMD", ...], …]         → the same, run inside MULTI/EXEC
// Authorization: Bearer <token> is required. With `Upstash-Encoding: base64` every string
// in a result is base64-encoded (except a bare "OK"), the way the client decodes it.
//
// Scripts: @upstash/ratelimit's Lua starts with `#!lua flags=allow-key-locking`, an
// Upstash-only flag that Redis 7.0 rejects ("Unexpected flag in script shebang"). The bridge
// strips the shebang line and maps the SHA-1 the client computed (of the original script)
// to the SHA-1 Redis knows (of the stripped one), so EVALSHA keeps working.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createClient, MultiErrorReply } from "redis";

export interface UpstashBridgeOptions {
  redisUrl: string;
  /** Bearer token clients must send; a random one is generated when omitted. */
  token?: string;
  /** Defaults to 127.0.0.1 and a free port. */
  host?: string;
  port?: number;
}

export interface UpstashBridge {
  /** Use as UPSTASH_REDIS_REST_URL. */
  url: string;
  /** Use as UPSTASH_REDIS_REST_TOKEN. */
  token: string;
  /** Hold every request until resume(): lets tests see what a client does when Redis stops answering. */
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

type Command = (string | number)[];
type Reply = string | number | null | Reply[];

const MAX_BODY = 10 * 1024 * 1024;

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) reject(new Error("body too large"));
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function encodeBase64(reply: Reply): Reply {
  if (typeof reply === "string")
    return reply === "OK" ? reply : Buffer.from(reply, "utf8").toString("base64");
  if (Array.isArray(reply)) return reply.map(encodeBase64);
  return reply;
}

function isCommand(value: unknown): value is Command {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((v) => typeof v === "string" || typeof v === "number")
  );
}

export async function startUpstashBridge(opts: UpstashBridgeOptions): Promise<UpstashBridge> {
  const token = opts.token ?? randomToken();
  const redis = createClient({
    url: opts.redisUrl,
    // Fail commands at once while Redis is away instead of queueing them forever.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 2_000,
      reconnectStrategy: (retries) => Math.min(retries * 100, 1_000),
    },
  });
  redis.on("error", () => {
    // Connection errors surface as failed commands (→ {"error"}); the client reconnects by itself.
  });
  await redis.connect();

  /** SHA-1 of a script as the client sent it → SHA-1 of the script Redis actually has. */
  const shaMap = new Map<string, string>();

  function stripShebang(script: string): string {
    if (!script.startsWith("#!")) return script;
    const stripped = script.slice(script.indexOf("\n") + 1);
    shaMap.set(sha1(script), sha1(stripped));
    return stripped;
  }

  /** Rewrites the Upstash-only parts of a command into what plain Redis accepts. */
  function translate(command: Command): { args: string[]; loadedSha?: string } {
    const args = command.map(String);
    const name = args[0]!.toUpperCase();
    if ((name === "EVAL" || name === "EVAL_RO") && args[1] !== undefined)
      args[1] = stripShebang(args[1]);
    if ((name === "EVALSHA" || name === "EVALSHA_RO") && args[1] !== undefined)
      args[1] = shaMap.get(args[1].toLowerCase()) ?? args[1];
    if (name === "SCRIPT" && args[1]?.toUpperCase() === "LOAD" && args[2] !== undefined) {
      const original = args[2];
      args[2] = stripShebang(original);
      // The client expects the hash of what it sent, so that is what we answer.
      return { args, loadedSha: sha1(original) };
    }
    return { args };
  }

  async function run(command: Command): Promise<{ result?: Reply; error?: string }> {
    const { args, loadedSha } = translate(command);
    try {
      const result = await redis.sendCommand<Reply>(args);
      return { result: loadedSha ?? result };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }

  async function runMulti(commands: Command[]): Promise<{ result?: Reply; error?: string }[]> {
    const multi = redis.multi();
    for (const command of commands) multi.addCommand(translate(command).args);
    try {
      const replies = (await multi.exec()) as unknown as Reply[];
      return replies.map((result) => ({ result }));
    } catch (error) {
      if (error instanceof MultiErrorReply) {
        const replies = error.replies as unknown[];
        return replies.map((r, i) =>
          error.errorIndexes.includes(i) ? { error: (r as Error).message } : { result: r as Reply },
        );
      }
      const message = error instanceof Error ? error.message : String(error);
      return commands.map(() => ({ error: message }));
    }
  }

  function authorized(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? "";
    const expected = Buffer.from(`Bearer ${token}`);
    const given = Buffer.from(header);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  function send(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (req.method !== "POST") return send(res, 405, { error: "only POST is supported" });
    if (!authorized(req)) return send(res, 401, { error: "Unauthorized" });
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return send(res, 400, { error: "body must be a JSON array" });
    }
    const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
    const encode = (r: { result?: Reply; error?: string }) =>
      base64 && r.result !== undefined ? { result: encodeBase64(r.result) } : r;
    const path = (req.url ?? "/").split("?")[0]!.replace(/\/+$/, "") || "/";

    if (path === "/pipeline" || path === "/multi-exec") {
      if (!Array.isArray(body) || !body.every(isCommand))
        return send(res, 400, { error: "body must be an array of command arrays" });
      const results =
        path === "/pipeline" ? await Promise.all(body.map(run)) : await runMulti(body);
      return send(res, 200, results.map(encode));
    }
    if (path === "/") {
      if (!isCommand(body)) return send(res, 400, { error: "body must be a command array" });
      const result = await run(body);
      return send(res, result.error === undefined ? 200 : 400, encode(result));
    }
    return send(res, 404, { error: `unsupported path ${path}` });
  }

  let paused = false;
  const held: (() => void)[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const go = () =>
      void handle(req, res).catch((error: unknown) => send(res, 500, { error: String(error) }));
    if (paused) held.push(go);
    else go();
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;

  return {
    url: `http://${host}:${port}`,
    token,
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      for (const go of held.splice(0)) go();
    },
    async close() {
      held.splice(0);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await redis.close().catch(() => undefined);
    },
  };
}

function randomToken(): string {
  return randomBytes(24).toString("base64url");
}
