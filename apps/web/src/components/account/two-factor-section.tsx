"use client";
// Settings: the authenticator app (TOTP). Off → set up (QR + secret, confirm with a code) →
// recovery codes shown once. On → renew recovery codes (needs a code) or turn off (needs the
// password and a code).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import {
  confirmTwoFactorInput,
  disableTwoFactorInput,
  regenerateRecoveryCodesInput,
} from "@taskfort/api/schemas";
import type { RouterOutputs } from "@taskfort/api";
import { describeError } from "@/lib/errors";
import { useZodForm } from "@/lib/use-zod-form";
import { useTRPC } from "@/trpc/client";
import { Button, ErrorNotice, TextField } from "../ui";
import { RecoveryCodes } from "./two-factor-recovery-codes";
import { TwoFactorQr } from "./two-factor-qr";

type Status = RouterOutputs["twoFactor"]["get"];

export function TwoFactorSection({ initialStatus }: { initialStatus: Status | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ids = useId();
  const status = useQuery({
    ...trpc.twoFactor.get.queryOptions(),
    initialData: initialStatus ?? undefined,
  });
  const [setup, setSetup] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.twoFactor.get.queryKey() });

  const begin = useMutation(trpc.twoFactor.begin.mutationOptions({ onSuccess: setSetup }));
  const confirmForm = useZodForm(confirmTwoFactorInput, { code: "" }, "two-factor-confirm");
  const confirm = useMutation(
    trpc.twoFactor.confirm.mutationOptions({
      onSuccess: (result) => {
        setSetup(null);
        setCodes(result.recoveryCodes);
        confirmForm.reset();
        void refresh();
      },
      onError: (error) => confirmForm.setServerErrors(describeError(error).fields),
    }),
  );
  const regenerateForm = useZodForm(
    regenerateRecoveryCodesInput,
    { code: "" },
    "two-factor-regenerate",
  );
  const regenerate = useMutation(
    trpc.twoFactor.regenerateRecoveryCodes.mutationOptions({
      onSuccess: (result) => {
        setCodes(result.recoveryCodes);
        regenerateForm.reset();
        void refresh();
      },
      onError: (error) => regenerateForm.setServerErrors(describeError(error).fields),
    }),
  );
  const disableForm = useZodForm(
    disableTwoFactorInput,
    { password: "", code: "" },
    "two-factor-disable",
  );
  const disable = useMutation(
    trpc.twoFactor.disable.mutationOptions({
      onSuccess: () => {
        disableForm.reset();
        setCodes(null);
        void refresh();
      },
      onError: (error) => disableForm.setServerErrors(describeError(error).fields),
    }),
  );

  const enabled = status.data?.enabled ?? false;
  return (
    <section
      aria-labelledby={`${ids}-title`}
      className="mb-6 rounded-lg border border-slate-200 bg-white p-4"
      data-testid="two-factor-section"
    >
      <h2 id={`${ids}-title`} className="mb-1 text-lg font-semibold">
        Authenticator app
      </h2>
      <p className="mb-3 text-sm text-slate-700" data-testid="two-factor-status">
        {enabled
          ? `Two-factor authentication is on. ${status.data?.recoveryCodesLeft ?? 0} recovery codes left.`
          : "Two-factor authentication is off. Sign-in asks only for your password."}
      </p>

      {codes && <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />}

      {!enabled && !setup && (
        <Button onClick={() => begin.mutate()} disabled={begin.isPending}>
          {begin.isPending ? "Preparing…" : "Set up an authenticator app"}
        </Button>
      )}
      {begin.error && <ErrorNotice error={begin.error} title="Could not start the setup." />}

      {!enabled && setup && (
        <div className="grid gap-4 md:grid-cols-[auto_1fr]">
          <TwoFactorQr uri={setup.otpauthUri} />
          <div>
            <p className="text-sm">
              Scan the code with your authenticator app, or type this key into it:
            </p>
            <p
              className="my-2 break-all rounded bg-slate-100 px-2 py-1 font-mono text-sm"
              data-testid="two-factor-secret"
            >
              {setup.secret}
            </p>
            <form
              {...confirmForm.formProps}
              onSubmit={confirmForm.handleSubmit((data) => confirm.mutate(data))}
            >
              <TextField
                label="Code from the app"
                autoComplete="one-time-code"
                inputMode="numeric"
                required
                {...confirmForm.field("code")}
              />
              <Button type="submit" disabled={confirm.isPending}>
                {confirm.isPending ? "Checking…" : "Turn on"}
              </Button>
            </form>
            {confirm.error && !describeError(confirm.error).fields && (
              <ErrorNotice error={confirm.error} title="Two-factor authentication is still off." />
            )}
          </div>
        </div>
      )}

      {enabled && (
        <div className="grid gap-6 md:grid-cols-2">
          <form
            {...regenerateForm.formProps}
            onSubmit={regenerateForm.handleSubmit((data) => regenerate.mutate(data))}
            aria-label="New recovery codes"
          >
            <h3 className="mb-2 font-medium">New recovery codes</h3>
            <TextField
              label="Code from the app"
              autoComplete="one-time-code"
              required
              {...regenerateForm.field("code")}
            />
            <Button type="submit" variant="secondary" disabled={regenerate.isPending}>
              Replace recovery codes
            </Button>
            {regenerate.error && !describeError(regenerate.error).fields && (
              <ErrorNotice error={regenerate.error} title="The codes were not replaced." />
            )}
          </form>
          <form
            {...disableForm.formProps}
            onSubmit={disableForm.handleSubmit((data) => disable.mutate(data))}
            aria-label="Turn off two-factor authentication"
          >
            <h3 className="mb-2 font-medium">Turn off</h3>
            <TextField
              label="Password"
              type="password"
              autoComplete="current-password"
              required
              {...disableForm.field("password")}
            />
            <TextField
              label="Code from the app or a recovery code"
              autoComplete="one-time-code"
              required
              {...disableForm.field("code")}
            />
            <Button type="submit" variant="danger" disabled={disable.isPending}>
              Turn off two-factor authentication
            </Button>
            {disable.error && !describeError(disable.error).fields && (
              <ErrorNotice error={disable.error} title="Two-factor authentication is still on." />
            )}
          </form>
        </div>
      )}
    </section>
  );
}
