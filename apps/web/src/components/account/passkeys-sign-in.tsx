"use client";
// "Sign in with a passkey": a fresh challenge from the server, the browser's passkey prompt
// (discoverable credentials: no username first), then next-auth's "passkey" provider.
// @simplewebauthn/browser is loaded on the click: the sign-in page does not wait for it.
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { useState } from "react";
import { twoFactorMessages } from "@taskfort/api/schemas";
import { describeError, type ErrorInfo } from "@/lib/errors";
import { signInWithPasskey } from "@/lib/sign-in";
import { useTRPCClient } from "@/trpc/client";

export function usePasskeySignIn() {
  const client = useTRPCClient();
  const [pending, setPending] = useState(false);

  async function signIn(): Promise<{ ok: boolean; error?: ErrorInfo }> {
    setPending(true);
    try {
      const [options, { startAuthentication }] = await Promise.all([
        client.passkey.signInOptions.mutate(),
        import("@simplewebauthn/browser"),
      ]);
      let response: unknown;
      try {
        response = await startAuthentication({
          optionsJSON: options as unknown as PublicKeyCredentialRequestOptionsJSON,
        });
      } catch {
        // Cancelled, timed out or no passkey for this site: the browser said why already.
        return {
          ok: false,
          error: { code: "UNAUTHORIZED", message: twoFactorMessages.passkeyRefused },
        };
      }
      const result = await signInWithPasskey(response);
      return result.ok ? { ok: true } : { ok: false, error: result.error };
    } catch (error) {
      return { ok: false, error: describeError(error) };
    } finally {
      setPending(false);
    }
  }

  return { signIn, pending };
}
