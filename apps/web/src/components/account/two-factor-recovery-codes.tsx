"use client";
import { useState } from "react";
import { Button } from "../ui";

/** The recovery codes, shown once right after they are made. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="mt-4 rounded-md border border-green-300 bg-green-50 p-3 text-sm">
      <p className="font-semibold">
        Save these recovery codes now: they will not be shown again. Each one signs you in once if
        you lose your authenticator.
      </p>
      <ul className="mt-2 grid grid-cols-2 gap-1 font-mono" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <div className="mt-3 flex gap-2">
        <Button
          variant="secondary"
          onClick={() =>
            void navigator.clipboard.writeText(codes.join("\n")).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? "Copied" : "Copy codes"}
        </Button>
        <Button onClick={onDone}>I have saved them</Button>
      </div>
    </div>
  );
}
