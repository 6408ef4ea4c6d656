"use client";
// Password sign-in through next-auth's credentials endpoint (the server side is next-auth's
// CredentialsProvider). Not next-auth/react's signIn(): with redirect:false it parses
// `new URL(body.url)` and throws on our 429 envelope, losing the throttle message and its
// wait time, which people must see. So the same two requests are made here and both
// answers are read.
import { getCsrfToken } from "next-auth/react";
import { authMessages } from "@taskfort/api/schemas";
import { envelopeError, NETWORK_MESSAGE, type ErrorInfo } from "./errors";

export async function signInWithPassword(
  username: string,
  password: string,
): Promise<{ ok: true } | { ok: false; error: ErrorInfo }> {
  try {
    const csrfToken = (await getCsrfToken()) ?? "";
    const res = await fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Auth-Return-Redirect": "1",
      },
      body: new URLSearchParams({
        username,
        password,
        csrfToken,
        callbackUrl: "/tasks",
        json: "true",
      }),
    });
    const body: unknown = await res.json().catch(() => null);
    const envelope = envelopeError(body);
    if (envelope) return { ok: false, error: envelope };
    const url = (body as { url?: string } | null)?.url;
    if (!res.ok || !url || new URL(url, window.location.origin).searchParams.has("error")) {
      return { ok: false, error: { code: "UNAUTHORIZED", message: authMessages.badCredentials } };
    }
    return { ok: true };
  } catch {
    return { ok: false, error: { code: "NETWORK", message: NETWORK_MESSAGE } };
  }
}
