// Loaded with `node --import` into the process that runs the Next server (scripts/run-next.ts
// for `npm run dev` / `npm start`, and test/server.ts), never bundled into the app.
//
// Why: a Next route handler cannot see the TCP peer's address. Next only fills
// X-Forwarded-For with it when the client sent no X-Forwarded-For of its own
// (base-server: `headers['x-forwarded-for'] ??= socket.remoteAddress`), so that header is
// client-controlled, and rate-limit buckets keyed on it could be dodged with one header.
// This hook stamps the socket's address into X-Taskfort-Peer on every request before Next
// sees it, overwriting anything a client sent under that name. src/server/client-ip.ts
// trusts the header only when the marker below shows the hook is running in this process.
// Keep PEER_HEADER and the marker in sync with src/server/client-ip.ts.
import http from "node:http";
import https from "node:https";

const PEER_HEADER = "x-taskfort-peer";
const MARKER = Symbol.for("taskfort.peerAddressHook");

if (!globalThis[MARKER]) {
  globalThis[MARKER] = true;
  for (const Server of [http.Server, https.Server]) {
    const emit = Server.prototype.emit;
    Server.prototype.emit = function emitWithPeer(event, ...args) {
      if (event === "request" && args[0]?.headers)
        args[0].headers[PEER_HEADER] = args[0].socket?.remoteAddress ?? "";
      return emit.call(this, event, ...args);
    };
  }
}
