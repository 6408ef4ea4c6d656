// A strict reader of the Prometheus text exposition format 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format), for the
// metrics tests. Stricter than Prometheus itself: any line that is not a HELP or TYPE comment,
// a blank line or a well-formed sample throws, a sample must belong to a family declared by a
// TYPE line before it (histograms own `_bucket`, `_sum` and `_count`), a family is declared
// once, and a histogram's buckets must carry `le` and be cumulative.

export type MetricType = "counter" | "gauge" | "histogram" | "summary" | "untyped";

export interface Sample {
  /** The sample's own name (`x_bucket`, `x_count`, ...). */
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: MetricType;
  help: string;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set<MetricType>(["counter", "gauge", "histogram", "summary", "untyped"]);
const SUFFIXES: Record<MetricType, string[]> = {
  counter: [""],
  gauge: [""],
  untyped: [""],
  histogram: ["_bucket", "_sum", "_count"],
  summary: ["", "_sum", "_count"],
};

/** Values are read as Prometheus reads them (Go's ParseFloat): Inf and NaN in any case. */
function parseValue(text: string, line: string): number {
  if (/^\+?inf$/i.test(text)) return Infinity;
  if (/^-inf$/i.test(text)) return -Infinity;
  if (/^nan$/i.test(text)) return NaN;
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text))
    throw new Error(`bad value in: ${line}`);
  return Number(text);
}

/** `{a="x",b="y\"z"}` starting at `at`; returns the labels and where the text after `}` begins. */
function parseLabels(line: string, at: number): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  let i = at + 1;
  while (line[i] !== "}") {
    const eq = line.indexOf("=", i);
    const name = line.slice(i, eq);
    if (eq < 0 || !LABEL_NAME.test(name) || line[eq + 1] !== '"')
      throw new Error(`bad label in: ${line}`);
    if (name in labels) throw new Error(`repeated label ${name} in: ${line}`);
    let value = "";
    i = eq + 2;
    for (;;) {
      const c = line[i];
      if (c === undefined) throw new Error(`unterminated label value in: ${line}`);
      if (c === '"') break;
      if (c === "\\") {
        const next = line[i + 1];
        if (next === "n") value += "\n";
        else if (next === "\\" || next === '"') value += next;
        else throw new Error(`bad escape in: ${line}`);
        i += 2;
      } else {
        value += c;
        i++;
      }
    }
    labels[name] = value;
    i++;
    if (line[i] === ",") i++;
    else if (line[i] !== "}") throw new Error(`expected , or } in: ${line}`);
  }
  return { labels, end: i + 1 };
}

export function parsePrometheusText(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const owner = new Map<string, Family>();
  const helps = new Map<string, string>();
  if (!text.endsWith("\n")) throw new Error("the exposition must end with a newline");
  for (const line of text.slice(0, -1).split("\n")) {
    if (line === "") continue;
    if (line.startsWith("#")) {
      const match = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!match) throw new Error(`bad comment line: ${line}`);
      const [, kind, name, rest] = match as unknown as [string, string, string, string];
      if (!NAME.test(name)) throw new Error(`bad metric name: ${line}`);
      if (kind === "HELP") {
        if (helps.has(name)) throw new Error(`second HELP for ${name}`);
        helps.set(name, rest.replace(/\\n/g, "\n").replace(/\\\\/g, "\\"));
        continue;
      }
      if (!TYPES.has(rest as MetricType)) throw new Error(`bad type: ${line}`);
      if (families.has(name)) throw new Error(`second TYPE for ${name}`);
      const family: Family = { name, type: rest as MetricType, help: "", samples: [] };
      families.set(name, family);
      for (const suffix of SUFFIXES[family.type]) owner.set(name + suffix, family);
      continue;
    }
    const nameEnd = line.search(/[{ ]/);
    const name = line.slice(0, nameEnd);
    if (nameEnd < 0 || !NAME.test(name)) throw new Error(`bad sample line: ${line}`);
    const { labels, end } =
      line[nameEnd] === "{" ? parseLabels(line, nameEnd) : { labels: {}, end: nameEnd };
    const rest = line.slice(end);
    const parts = /^ (\S+)(?: (-?\d+))?$/.exec(rest);
    if (!parts) throw new Error(`bad sample value in: ${line}`);
    const family = owner.get(name);
    if (!family) throw new Error(`sample ${name} has no TYPE before it`);
    if (name.endsWith("_bucket") && family.type === "histogram" && !("le" in labels))
      throw new Error(`bucket without le: ${line}`);
    family.samples.push({ name, labels, value: parseValue(parts[1]!, line) });
  }
  for (const family of families.values()) {
    family.help = helps.get(family.name) ?? "";
    if (family.type !== "histogram") continue;
    // Buckets of one series are cumulative and end with +Inf, which equals its _count.
    const series = new Map<string, Sample[]>();
    for (const s of family.samples) {
      if (s.name !== `${family.name}_bucket`) continue;
      const { le: _le, ...rest } = s.labels;
      const key = JSON.stringify(rest);
      series.set(key, [...(series.get(key) ?? []), s]);
    }
    for (const [key, buckets] of series) {
      for (let i = 1; i < buckets.length; i++)
        if (buckets[i]!.value < buckets[i - 1]!.value)
          throw new Error(`${family.name} buckets not cumulative for ${key}`);
      const last = buckets.at(-1)!;
      const count = family.samples.find(
        (s) => s.name === `${family.name}_count` && JSON.stringify(s.labels) === key,
      );
      if (last.labels.le !== "+Inf" || count?.value !== last.value)
        throw new Error(`${family.name} for ${key}: +Inf bucket missing or not equal to _count`);
    }
  }
  return families;
}

/** The value of the sample `name` (a family's own name, or `x_count` ...) with these labels; 0 when absent. */
export function sampleValue(
  families: Map<string, Family>,
  name: string,
  labels: Record<string, string> = {},
): number {
  for (const family of families.values())
    for (const s of family.samples)
      if (s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
        return s.value;
  return 0;
}
