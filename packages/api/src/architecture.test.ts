// The shape of the code, checked: no import cycles between modules of ours, and each
// vocabulary (scopes, roles, audit actions, username normalisation, password bounds,
// "OIDC is configured") defined in exactly one place.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import importX from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));

/** The non-test source files (tracked or new) with a line matching `pattern` (git grep -E). */
function definitions(pattern: string): string[] {
  const found = spawnSync(
    "git",
    [
      "grep",
      "--untracked",
      "-l",
      "-E",
      pattern,
      "--",
      "*.ts",
      "*.tsx",
      ":!*.test.ts",
      ":!*.spec.ts",
      ":!**/generated/**",
    ],
    { cwd: repoRoot, encoding: "utf8" },
  );
  return found.stdout.split("\n").filter(Boolean);
}

describe("architecture", () => {
  it("architecture: no import cycles in packages/api, packages/db or packages/config (type-only imports aside)", async () => {
    const eslint = new ESLint({
      cwd: repoRoot,
      overrideConfigFile: true,
      overrideConfig: [
        { ignores: ["**/node_modules/**", "**/generated/**"] },
        { linterOptions: { reportUnusedDisableDirectives: "off" } },
        {
          files: ["**/*.ts"],
          languageOptions: { parser: tseslint.parser },
          plugins: { "import-x": importX },
          settings: {
            "import-x/parsers": { "@typescript-eslint/parser": [".ts"] },
            "import-x/extensions": [".ts", ".js"],
            "import-x/resolver-next": [importX.createNodeResolver({ extensions: [".ts", ".js"] })],
          },
          rules: {
            "import-x/no-cycle": ["error", { ignoreExternal: true }],
            // A resolver that resolves nothing would find no cycles: make that fail too.
            "import-x/no-unresolved": ["error", { ignore: ["^@taskfort/", "^[^.]"] }],
          },
        },
      ],
    });
    const results = await eslint.lintFiles([
      "packages/api/src/**/*.ts",
      "packages/db/src/**/*.ts",
      "packages/config/src/**/*.ts",
    ]);
    const problems = results.flatMap((r) =>
      r.messages
        // Only this check's rules: other rules named in eslint-disable comments are not loaded here.
        .filter((m) => m.ruleId?.startsWith("import-x/"))
        .map((m) => `${r.filePath}:${m.line} ${m.ruleId}: ${m.message}`),
    );
    expect(problems).toEqual([]);
    expect(results.length).toBeGreaterThan(50);
  });

  it("architecture: each vocabulary is defined once, in the client-safe schemas (or the env module)", () => {
    const schemas = "packages/api/src/schemas";
    expect(definitions(String.raw`\["tasks:read", "tasks:write"\]`)).toEqual([
      `${schemas}/auth.ts`,
    ]);
    expect(definitions(String.raw`\["USER", "ADMIN"\]|"USER" \| "ADMIN"`)).toEqual([
      `${schemas}/auth.ts`,
    ]);
    expect(definitions(String.raw`^[[:space:]]+"auth\.login\.failure",$`)).toEqual([
      `${schemas}/audit.ts`,
    ]);
    expect(definitions(String.raw`function usernameKey|username\.toLowerCase\(\)`)).toEqual([
      `${schemas}/auth.ts`,
    ]);
    expect(definitions(String.raw`PASSWORD_MAX = |PASSWORD_MIN = |length > 128`)).toEqual([
      `${schemas}/auth.ts`,
    ]);
    expect(definitions(String.raw`AUTH_OIDC_CLIENT_SECRET\)? ?(&&|\?)|!env\.AUTH_OIDC`)).toEqual([
      "packages/config/src/env.ts",
    ]);
  });
});
