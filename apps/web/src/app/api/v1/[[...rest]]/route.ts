// REST at /api/v1/*: the tRPC procedures through @taskfort/api/rest, with exactly the
// context the tRPC route builds (token or session cookie, client IP, request id).
import { createContext, handleApiRequest } from "@taskfort/api";
import { handleRestRequest } from "@taskfort/api/rest";
import { getDb } from "@taskfort/db";
import { getSessionRef } from "@/server/auth";
import { clientIp } from "@/server/client-ip";
import { requestIdOf } from "@/server/request-id";

function handler(request: Request) {
  const requestId = requestIdOf(request);
  const ip = clientIp(request);
  // CORS (with OPTIONS preflight), the body cap, the request log line: handleApiRequest (shared with /api/trpc).
  return handleApiRequest(request, { requestId, ip, methods: "GET, POST, PATCH, DELETE" }, (req) =>
    handleRestRequest({
      req,
      requestId,
      createContext: async (resHeaders) =>
        createContext({
          db: getDb(),
          req,
          resHeaders,
          session: await getSessionRef(req),
          ip,
          requestId,
        }),
    }),
  );
}

// Every method reaches the handler, so an unknown method on a known path is the envelope's 405, not Next's bare one.
export {
  handler as GET,
  handler as POST,
  handler as PUT,
  handler as PATCH,
  handler as DELETE,
  handler as HEAD,
  handler as OPTIONS,
};
