// The security overview's charts and tables, rendered on the server: plain SVG (no chart
// library, no inline style or script, so the nonce CSP has nothing to allow), coloured by
// classes that the dark theme maps too. Every chart is an image with a title and a text
// description, and its numbers are also in a table below.
import type { SecurityCounts, SecurityKind, SecurityOverview } from "@taskfort/api/schemas";
import { SECURITY_KINDS } from "@taskfort/api/schemas";
import { ResponsiveTable, type TableColumn } from "../ui";

type Hour = SecurityOverview["hours"][number];

/** Bar colours per kind: dark enough on white, light enough on the dark theme's background. */
const BAR_CLASS: Record<SecurityKind, string> = {
  signInFailures: "fill-red-700 dark:fill-red-400",
  rateLimited: "fill-amber-700 dark:fill-amber-300",
  csrfBlocked: "fill-violet-700 dark:fill-violet-300",
  authzDenied: "fill-blue-700 dark:fill-blue-300",
};

const utc = (iso: string, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", ...options }).format(new Date(iso));
const hourLabel = (iso: string) => `${utc(iso, { hour: "2-digit", minute: "2-digit" })} UTC`;
const dayHourLabel = (iso: string) =>
  `${utc(iso, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" })} UTC`;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const VIEW_HEIGHT = 100;

function BarChart({
  id,
  kind,
  label,
  hours,
  windowLabel,
}: {
  id: string;
  kind: SecurityKind;
  label: string;
  hours: Hour[];
  windowLabel: string;
}) {
  const values = hours.map((h) => h[kind]);
  const total = values.reduce((a, b) => a + b, 0);
  const max = Math.max(0, ...values);
  const peakAt = values.indexOf(max);
  const current = values.at(-1) ?? 0;
  const step = 10;
  const width = values.length * step;
  const description =
    total === 0
      ? `No ${label.toLowerCase()} in the ${windowLabel}.`
      : `${total} in the ${windowLabel}; this hour: ${current}; busiest hour: ${max} at ${dayHourLabel(hours[peakAt]!.start)}.`;
  return (
    <figure
      className="rounded-md border border-slate-200 p-3"
      data-testid={`chart-${id}`}
      data-total={total}
      data-current-hour={current}
    >
      <figcaption className="flex flex-wrap items-baseline justify-between gap-x-2 text-sm">
        <span className="font-medium text-slate-900">{label}</span>
        <span className="text-slate-600">{plural(total, "event", "events")}</span>
      </figcaption>
      <div className="mt-2 flex gap-2">
        <span className="w-6 shrink-0 text-right text-xs text-slate-600" aria-hidden="true">
          {max}
        </span>
        <svg
          viewBox={`0 0 ${width} ${VIEW_HEIGHT}`}
          preserveAspectRatio="none"
          role="img"
          aria-labelledby={`${id}-title`}
          aria-describedby={`${id}-desc`}
          className="h-20 w-full min-w-0 overflow-visible"
        >
          <title id={`${id}-title`}>{`${label} per hour, ${windowLabel}`}</title>
          <desc id={`${id}-desc`}>{description}</desc>
          <line
            x1={0}
            x2={width}
            y1={VIEW_HEIGHT}
            y2={VIEW_HEIGHT}
            className="stroke-slate-400"
            vectorEffect="non-scaling-stroke"
          />
          {values.map((value, i) => {
            if (value === 0 || max === 0) return null;
            // At least a sliver, so one event among many still shows.
            const height = Math.max(3, (value / max) * VIEW_HEIGHT);
            return (
              <rect
                key={hours[i]!.start}
                x={i * step + 1}
                y={VIEW_HEIGHT - height}
                width={step - 2}
                height={height}
                className={BAR_CLASS[kind]}
              />
            );
          })}
        </svg>
      </div>
      <div className="mt-1 flex justify-between pl-8 text-xs text-slate-600" aria-hidden="true">
        <span>{dayHourLabel(hours[0]!.start)}</span>
        <span>now</span>
      </div>
    </figure>
  );
}

function ChartGroup({
  id,
  heading,
  hours,
  windowLabel,
}: {
  id: string;
  heading: string;
  hours: Hour[];
  windowLabel: string;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} className="mb-8">
      <h2 id={`${id}-heading`} className="mb-3 text-lg font-semibold">
        {heading}
      </h2>
      <div className="grid gap-4 sm:grid-cols-2">
        {SECURITY_KINDS.map((k) => (
          <BarChart
            key={k.key}
            id={`${id}-${k.key}`}
            kind={k.key}
            label={k.label}
            hours={hours}
            windowLabel={windowLabel}
          />
        ))}
      </div>
    </section>
  );
}

const countColumns = <Row extends SecurityCounts>(): TableColumn<Row>[] =>
  SECURITY_KINDS.map((k) => ({
    header: k.label,
    cell: (row: Row) => row[k.key],
    className: "tabular-nums",
  }));

/** Seven consecutive 24-hour blocks, oldest first, each summed. */
function dayBlocks(hours: Hour[]): (SecurityCounts & { start: string })[] {
  const blocks: (SecurityCounts & { start: string })[] = [];
  for (let i = 0; i < hours.length; i += 24) {
    const slice = hours.slice(i, i + 24);
    const sum = (key: SecurityKind) => slice.reduce((n, h) => n + h[key], 0);
    blocks.push({
      start: slice[0]!.start,
      signInFailures: sum("signInFailures"),
      rateLimited: sum("rateLimited"),
      csrfBlocked: sum("csrfBlocked"),
      authzDenied: sum("authzDenied"),
    });
  }
  return blocks;
}

export function SecurityOverviewView({ overview }: { overview: SecurityOverview }) {
  const last24 = overview.hours.slice(-24);
  type Address = SecurityOverview["topAddresses"][number];
  return (
    <>
      <p className="mb-6 text-sm text-slate-600">
        From the audit log, per hour in UTC; read at {dayHourLabel(overview.generatedAt)}. Repeated
        anonymous refusals stored as one row count every repeat. Rate-limit blocks count the first
        429 per client and window (the metrics endpoint counts every one).
      </p>
      <ChartGroup id="day" heading="Last 24 hours" hours={last24} windowLabel="last 24 hours" />
      <ChartGroup
        id="week"
        heading="Last 7 days"
        hours={overview.hours}
        windowLabel="last 7 days"
      />
      <section aria-labelledby="top-heading" className="mb-8">
        <h2 id="top-heading" className="mb-3 text-lg font-semibold">
          Top source addresses (7 days)
        </h2>
        {overview.topAddresses.length === 0 ? (
          <p className="text-sm text-slate-600">No events in the last 7 days.</p>
        ) : (
          <ResponsiveTable<Address>
            label="Top source addresses"
            testId="top-addresses"
            rows={overview.topAddresses}
            rowKey={(r) => r.ip}
            rowProps={(r) => ({ "data-ip": r.ip })}
            columns={[
              { header: "Address", cell: (r) => r.ip, className: "font-mono break-all" },
              { header: "Total", cell: (r) => r.total, className: "tabular-nums font-semibold" },
              ...countColumns<Address>(),
            ]}
          />
        )}
      </section>
      <section aria-labelledby="tables-heading">
        <h2 id="tables-heading" className="mb-3 text-lg font-semibold">
          The numbers behind the charts
        </h2>
        <details className="mb-4">
          <summary className="cursor-pointer text-sm font-medium">Last 24 hours, per hour</summary>
          <ResponsiveTable<Hour>
            label="Security events per hour, last 24 hours"
            rows={last24}
            rowKey={(r) => r.start}
            columns={[{ header: "Hour", cell: (r) => hourLabel(r.start) }, ...countColumns<Hour>()]}
          />
        </details>
        <details>
          <summary className="cursor-pointer text-sm font-medium">
            Last 7 days, per 24 hours
          </summary>
          <ResponsiveTable
            label="Security events per 24 hours, last 7 days"
            rows={dayBlocks(overview.hours)}
            rowKey={(r) => r.start}
            columns={[
              { header: "From", cell: (r) => dayHourLabel(r.start) },
              ...countColumns<SecurityCounts & { start: string }>(),
            ]}
          />
        </details>
      </section>
    </>
  );
}
