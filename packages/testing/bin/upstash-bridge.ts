#!/usr/bin/env -S npx tsx
// TEST AND DEV TOOLING ONLY. Starts the Upstash-REST bridge in front of REDIS_URL and prints
// the two settings that point the app at it, e.g.
//   REDIS_URL=redis://127.0.0.1:6379 npm run bridge -w @taskfort/testing -- --port 8079
import { parseArgs } from "node:util";
import { getEnv } from "@taskfort/config/env";
import { startUpstashBridge } from "../src/upstash-bridge";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    token: { type: "string" },
  },
});

const env = getEnv();
const redisUrl = env.REDIS_URL ?? "redis://127.0.0.1:6379";
const bridge = await startUpstashBridge({
  redisUrl,
  port: Number(values.port),
  token: values.token ?? env.UPSTASH_REDIS_REST_TOKEN,
});
console.log(`Upstash bridge (test/dev tooling only) → ${redisUrl}`);
console.log(`UPSTASH_REDIS_REST_URL=${bridge.url}`);
console.log(`UPSTASH_REDIS_REST_TOKEN=${bridge.token}`);

const stop = () => void bridge.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
