"use client";
// Export every task (JSON or CSV download) and import one of those files back, all or
// nothing. Both go through the REST API with the session cookie: the import may be up to
// 1 MB, which only that route accepts.
import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { IMPORT_MAX_BODY_BYTES } from "@taskfort/api/limits/client";
import { envelopeError, NETWORK_MESSAGE, type ErrorInfo } from "@/lib/errors";
import { useHydrated } from "@/lib/use-hydrated";
import { useTRPC } from "@/trpc/client";
import { Button, focusRing, FormError } from "../ui";

export function ImportExport() {
  const id = useId();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);

  async function upload(chosen: File) {
    setPending(true);
    setDone(null);
    setError(null);
    try {
      if (chosen.size > IMPORT_MAX_BODY_BYTES) {
        setError({ code: "PAYLOAD_TOO_LARGE", message: "The file is larger than 1 MB." });
        return;
      }
      const csv = chosen.name.toLowerCase().endsWith(".csv");
      const res = await fetch("/api/v1/tasks/import", {
        method: "POST",
        headers: { "content-type": csv ? "text/csv" : "application/json" },
        body: await chosen.text(),
      });
      const body: unknown = await res.json().catch(() => null);
      if (!res.ok) {
        const info = envelopeError(body);
        const rows = Object.entries(info?.fields ?? {})
          .slice(0, 5)
          .map(([field, messages]) => `${field.replace(/^rows\./, "row ")}: ${messages.join(" ")}`);
        setError(
          info
            ? { ...info, message: [info.message, ...rows].join(" ") }
            : { code: "NETWORK", message: NETWORK_MESSAGE },
        );
        return;
      }
      const created = (body as { created: number }).created;
      setDone(`${created} ${created === 1 ? "task" : "tasks"} imported.`);
      void queryClient.invalidateQueries({ queryKey: trpc.task.list.pathKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.label.list.pathKey() });
    } catch {
      setError({ code: "NETWORK", message: NETWORK_MESSAGE });
    } finally {
      setPending(false);
    }
  }

  return (
    <section
      aria-labelledby={`${id}-h`}
      className="rounded-lg border border-slate-200 bg-white p-4"
    >
      <h2 id={`${id}-h`} className="mb-2 text-lg font-semibold">
        Export and import
      </h2>
      <p className="mb-3 text-sm">
        Download every task:{" "}
        <a
          download
          href="/api/v1/tasks/export?format=json"
          className={`text-blue-800 underline ${focusRing}`}
        >
          JSON
        </a>{" "}
        or{" "}
        <a
          download
          href="/api/v1/tasks/export?format=csv"
          className={`text-blue-800 underline ${focusRing}`}
        >
          CSV
        </a>
        .
      </p>
      <form
        data-ready={hydrated ? "" : undefined}
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (file) void upload(file);
        }}
      >
        <div>
          <label htmlFor={`${id}-file`} className="mb-1 block text-sm font-medium">
            Import a JSON or CSV export (up to 1,000 tasks; nothing is imported if a row is invalid)
          </label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".json,.csv,application/json,text/csv"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            className={`text-sm ${focusRing}`}
          />
        </div>
        <Button type="submit" disabled={!file || pending}>
          {pending ? "Importing…" : "Import"}
        </Button>
      </form>
      <p role="status" aria-live="polite" className="mt-2 text-sm text-green-800">
        {done}
      </p>
      <FormError error={error} />
    </section>
  );
}
