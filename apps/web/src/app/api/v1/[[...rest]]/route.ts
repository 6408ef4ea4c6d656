// REST at /api/v1/*: the tRPC procedures through @taskfort/api/rest, with exactly the
// context the tRPC route builds (token or session cookie, client IP, request id).
import { createContext } from "@taskfort/api";
import { handleRestRequest } from "@taskfort/api/rest";
import { getDb } from "@taskfort/db";
import { getSessionRef } from "@/server/auth";
import { clientIp } from "@/server/client-ip";
import { requestIdOf } from "@/server/request-id";

function handler(req: Request) {
  const requestId = requestIdOf(req);
  return handleRestRequest({
    req,
    requestId,
    createContext: async (resHeaders) => createContext({ db: getDb(), req, resHeaders, session: await getSessionRef(req), ip: clientIp(req), requestId }),
  });
}

// Every method reaches the handler, so an unknown method on a known path is the envelope's 405, not Next's bare one.
export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE, handler as HEAD };
