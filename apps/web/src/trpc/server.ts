// The server-side tRPC caller for server components: the same procedures, auth checks and
// rate limits as /api/trpc, called in-process with this request's session, address and id.
import { headers } from "next/headers";
import { cache } from "react";
import { createCaller } from "@taskfort/api";
import { requestContext } from "@/server/context";
import { getSessionRefFromHeaders } from "@/server/session";

/** One context per request (React's cache), so the session is resolved once however many components ask. */
const requestState = cache(async () => {
  const h = await headers();
  const ctx = await requestContext({ headers: h });
  return { ctx, sessionPresented: (await getSessionRefFromHeaders(h)) !== null };
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
