// A full garbage collection of the server process on demand, through the V8 inspector (the
// server is started with --inspect on a loopback port for this). Resident memory sampled right
// after a full collection is what the process retains; sampled at any other moment it mostly
// shows how far V8 let garbage pile up before collecting (a sawtooth of hundreds of MB here).
import type { WebServer } from "../server";

export const INSPECT_OPTION = "--inspect=127.0.0.1:0";

export interface Inspector {
  /** Runs a full collection; resolves with the V8 heap in use after it, in MB. */
  collectGarbage(): Promise<number>;
  close(): void;
}

export async function connectInspector(server: WebServer): Promise<Inspector> {
  const url = /Debugger listening on (ws:\/\/\S+)/.exec(server.output())?.[1];
  if (!url) throw new Error(`the server printed no inspector address:\n${server.output()}`);
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener("open", () => resolve(), { once: true });
    socket.addEventListener("error", () => reject(new Error(`inspector at ${url} refused`)), {
      once: true,
    });
  });
  let id = 0;
  const pending = new Map<number, (result: Record<string, unknown>) => void>();
  socket.addEventListener("message", (event: MessageEvent<string>) => {
    const message = JSON.parse(event.data) as { id?: number; result?: Record<string, unknown> };
    if (message.id !== undefined) pending.get(message.id)?.(message.result ?? {});
  });
  const call = (method: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      pending.set(++id, resolve);
      socket.send(JSON.stringify({ id, method }));
    });
  return {
    async collectGarbage() {
      await call("HeapProfiler.collectGarbage");
      const usage = await call("Runtime.getHeapUsage");
      return Number(usage.usedSize) / 1024 / 1024;
    },
    close: () => socket.close(),
  };
}
