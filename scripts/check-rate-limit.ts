// `npm run check:rate-limit -- <base-url> [token]`
// Sends requests one at a time until the first 429, for a token user (when a token is given)
// and for an anonymous caller, printing each status, the request number that got the 429
// and its Retry-After. Against `npm run dev` with default limits: 429 at 101 (token user,
// RATE_LIMIT_USER=100/1m) and at 51 (anonymous, RATE_LIMIT_ANON=50/1m).
// Uses tRPC GETs: task.list for the token user (needs the tasks:read scope), health.ping
// anonymously. Run it on a fresh window: earlier requests from this address count too.

const MAX_REQUESTS = 1_000;

interface Run {
  label: string;
  path: string;
  headers: Record<string, string>;
}

async function untilThrottled(baseUrl: string, run: Run): Promise<boolean> {
  const url = `${baseUrl.replace(/\/+$/, "")}/api/trpc/${run.path}?input=${encodeURIComponent(JSON.stringify({}))}`;
  console.log(`\n${run.label}: GET ${url}`);
  for (let n = 1; n <= MAX_REQUESTS; n++) {
    const res = await fetch(url, { headers: run.headers });
    await res.arrayBuffer();
    const remaining = res.headers.get("x-ratelimit-remaining");
    console.log(`  #${n} ${res.status}${remaining === null ? "" : ` remaining=${remaining}`}`);
    if (res.status === 429) {
      console.log(
        `${run.label}: 429 at request ${n}; Retry-After: ${res.headers.get("retry-after") ?? "(missing)"} s; X-RateLimit-Limit: ${res.headers.get("x-ratelimit-limit") ?? "(missing)"}`,
      );
      return true;
    }
  }
  console.log(`${run.label}: no 429 within ${MAX_REQUESTS} requests`);
  return false;
}

async function main(): Promise<number> {
  const [baseUrl, token] = process.argv.slice(2);
  if (!baseUrl || !URL.canParse(baseUrl)) {
    console.error(
      "usage: npm run check:rate-limit -- <base-url> [token]   e.g. http://localhost:3000 tf_abc…",
    );
    return 2;
  }
  const runs: Run[] = [];
  if (token)
    runs.push({
      label: "token user",
      path: "task.list",
      headers: { authorization: `Bearer ${token}` },
    });
  runs.push({ label: "anonymous", path: "health.ping", headers: {} });
  let ok = true;
  for (const run of runs) ok = (await untilThrottled(baseUrl, run)) && ok;
  return ok ? 0 : 1;
}

void main().then((code) => {
  process.exitCode = code;
});
