// The README's "REST API" curl walk-through, run line by line with real curl against a
// fresh server: what a client that only knows the README does must work.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, startRestApp, type RestApp } from "./helpers";

const run = promisify(execFile);
const README = new URL("../../../../README.md", import.meta.url);
const README_ORIGIN = "http://localhost:3000";

/** The sh block of the README's "## REST API" section, as commands (continuation lines joined, comments dropped). */
function readmeCommands(): string[] {
  const readme = readFileSync(README, "utf8");
  const section = readme.split(/^## /m).find((s) => s.startsWith("REST API\n"));
  const block = section?.match(/```sh\n([\s\S]*?)```/)?.[1];
  if (!block) throw new Error('README.md has no "## REST API" section with a ```sh block');
  return block
    .replace(/\\\n\s*/g, "")
    .split("\n")
    .filter((line) => line.trim() && !line.trim().startsWith("#"));
}

let app: RestApp;
let stateDir: string;

beforeAll(async () => {
  app = await startRestApp();
  stateDir = mkdtempSync(join(tmpdir(), "taskfort-readme-"));
});

afterAll(async () => {
  await app?.stop();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
});

describe("README REST walk-through", () => {
  it("register, log in for a token, create, list with search/filter/ordering/page, update, delete: every curl line works", async () => {
    const commands = readmeCommands();
    const variables = [...new Set(commands.map((c) => /^([A-Z_]+)=/.exec(c)?.[1]).filter(Boolean))];
    expect(variables).toEqual(["API", "TOKEN", "TASK_ID"]);
    const state = join(stateDir, "vars.sh");
    writeFileSync(state, "");

    // Each line runs in its own bash, the variables the README sets carried over in a file, so
    // every line's output can be checked on its own. Only the host is changed: the test server's.
    const outputs: string[] = [];
    for (const command of commands) {
      const script = `set -euo pipefail; source ${JSON.stringify(state)}; ${command.replaceAll(README_ORIGIN, app.server.url)}\ndeclare -p ${variables.join(" ")} > ${JSON.stringify(state)} 2>/dev/null || true`;
      const { stdout } = await run("bash", ["-c", script], { timeout: 30_000 });
      if (!/^[A-Z_]+=/.test(command)) outputs.push(stdout);
    }
    const vars = readFileSync(state, "utf8");
    const token = /TOKEN="([^"]+)"/.exec(vars)?.[1];
    const taskId = /TASK_ID="([^"]+)"/.exec(vars)?.[1];
    expect(token).toMatch(/^\S{20,}$/);
    expect(taskId).toMatch(/^\S+$/);

    const [registered, secondTask, listed, updated, deleted] = outputs;
    expect(JSON.parse(registered!)).toEqual({
      user: { id: expect.any(String), username: "alice", role: "USER" },
    });
    expect(JSON.parse(secondTask!)).toMatchObject({ title: "Book flights", completed: true });
    expect(JSON.parse(listed!)).toMatchObject({
      page: 1,
      pageSize: 10,
      total: 1,
      totalPages: 1,
      items: [{ id: taskId, title: "Write the report", completed: false }],
    });
    expect(JSON.parse(updated!)).toMatchObject({
      id: taskId,
      title: "Write the report",
      description: "Quarterly numbers",
      completed: true,
    });
    expect(deleted!.trim()).toBe("204");

    // And the state the walk-through leaves is what it claims: the task is gone, the other one is there.
    const after = await call(app, "GET", "/tasks", { token });
    expect(after.body.items.map((t: { title: string }) => t.title)).toEqual(["Book flights"]);
    expect((await call(app, "GET", `/tasks/${taskId}`, { token })).status).toBe(404);
  });
});
