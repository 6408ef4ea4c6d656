import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter, createContext } from "@taskfort/api";
import { MAX_BATCH_SIZE } from "@taskfort/api/limits";
import { getDb } from "@taskfort/db";
import { getSessionRef } from "@/server/auth";
import { clientIp } from "@/server/client-ip";
import { requestIdOf } from "@/server/request-id";

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    // Bounded batches: every call in a batch costs server work and counts against the rate limit.
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: async ({ req, resHeaders }) =>
      createContext({ db: getDb(), req, resHeaders, session: await getSessionRef(req), ip: clientIp(req), requestId: requestIdOf(req) }),
  });
}

export { handler as GET, handler as POST };
