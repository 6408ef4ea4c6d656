import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter, createContext, handleApiRequest, logUnexpectedError } from "@taskfort/api";
import { MAX_BATCH_SIZE } from "@taskfort/api/limits";
import { getDb } from "@taskfort/db";
import { getSessionRef } from "@/server/auth";
import { clientIp } from "@/server/client-ip";
import { requestIdOf } from "@/server/request-id";

const ENDPOINT = "/api/trpc";

function handler(request: Request) {
  const requestId = requestIdOf(request);
  const ip = clientIp(request);
  const procedure = new URL(request.url).pathname.slice(ENDPOINT.length + 1);
  // CORS, the body cap, the request log line and the last-resort 500 envelope: handleApiRequest (shared with /api/v1).
  return handleApiRequest(request, { requestId, ip, procedure, methods: "GET, POST" }, (req) =>
    fetchRequestHandler({
      endpoint: ENDPOINT,
      req,
      router: appRouter,
      // Bounded batches: every call in a batch costs server work and counts against the rate limit.
      maxBatchSize: MAX_BATCH_SIZE,
      onError: logUnexpectedError,
      createContext: async ({ req, resHeaders }) =>
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

export { handler as GET, handler as POST, handler as OPTIONS };
