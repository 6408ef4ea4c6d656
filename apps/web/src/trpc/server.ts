// The server-side tRPC caller for server components: the same procedures, auth checks and
// rate limits as /api/trpc, called in-process with this request's session, address and id.
import { headers } from "next/headers";
import { cache } from "react";
import { authenticate, createCaller, createContextInner } from "@taskfort/api";
import { getDb } from "@taskfort/db";
import { getSessionRefFromHeaders } from "@/server/session";
import { pageRequestScope } from "@/server/request-scope";

/** One context per request (React's cache), so the session is resolved once however many components ask. */
const requestState = cache(async () => {
  const h = await headers();
  const db = getDb();
  const { ip, requestId } = pageRequestScope(h);
  const session = await getSessionRefFromHeaders(h);
  const { principal } = session
    ? await authenticate(db, { authorization: null, session })
    : { principal: null };
  const ctx = createContextInner({ db, principal, ip, requestId });
  return { ctx, sessionPresented: session !== null };
});

export async function getServerCaller() {
  return createCaller((await requestState()).ctx);
}

/** The signed-in user (id, username, role) behind this request's live session, or null. */
export async function getCurrentUser() {
  return (await requestState()).ctx.user;
}

/** A genuine session cookie came with the request, but its session is over (signed out elsewhere, disabled, expired). */
export async function sessionEnded(): Promise<boolean> {
  const { ctx, sessionPresented } = await requestState();
  return sessionPresented && !ctx.user;
}
