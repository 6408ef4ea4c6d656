import { focusRing } from "../ui";
import { Section } from "./section";

/** A plain link: the REST endpoint answers with an attachment, and the session cookie goes along. */
export function ExportSection() {
  return (
    <Section title="Export your data" testId="export-section">
      <p className="mb-3 text-sm text-slate-700">
        One JSON file with your account, tasks, API tokens (without their secrets) and your own
        security events.
      </p>
      <a
        href="/api/v1/me/export"
        download
        className={`inline-flex min-h-10 items-center rounded-md border border-slate-400 bg-white px-4 py-2 text-sm font-medium text-slate-900 hover:bg-slate-100 ${focusRing}`}
      >
        Download export
      </a>
    </Section>
  );
}
