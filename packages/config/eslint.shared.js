// One lint setup for the whole monorepo: ESLint flat config + typescript-eslint, type-aware.
// Each workspace's eslint.config.js calls configure(import.meta.dirname) so the type information
// comes from that workspace's own tsconfig. Chosen over Biome because typescript-eslint understands
// our types (floating promises, promises passed where a callback is expected) and
// `no-restricted-properties` enforces the "process.env only in packages/config" rule.
import nextPlugin from "@next/eslint-plugin-next";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export const ignores = [
  "**/node_modules/**",
  "**/.next/**",
  "**/.vercel/**",
  "**/dist/**",
  "**/generated/**",
  "**/.turbo/**",
  "**/next-env.d.ts",
  "**/playwright-report/**",
  "**/test-results/**",
  "**/artifacts/**",
];

export const noProcessEnv = {
  "no-restricted-properties": [
    "error",
    {
      object: "process",
      property: "env",
      message:
        "Read configuration through @taskfort/config/env; it is the one place process.env is parsed.",
    },
  ],
};

/**
 * @param {string} tsconfigRootDir the workspace folder (import.meta.dirname of its eslint.config.js)
 * @param {{ react?: boolean, next?: boolean }} [options]
 */
export function configure(tsconfigRootDir, options = {}) {
  return tseslint.config(
    { ignores },
    ...tseslint.configs.recommendedTypeChecked,
    {
      languageOptions: { parserOptions: { projectService: true, tsconfigRootDir } },
      plugins: { "import-x": importX },
      settings: {
        ...importX.flatConfigs.typescript.settings,
        "import-x/resolver-next": [createTypeScriptImportResolver({ alwaysTryTypes: true })],
      },
      rules: {
        ...noProcessEnv,
        "@typescript-eslint/no-unused-vars": [
          "error",
          { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
        ],
        "@typescript-eslint/consistent-type-imports": "error",
        "@typescript-eslint/no-floating-promises": "error",
        "@typescript-eslint/no-misused-promises": "error",
        "@typescript-eslint/switch-exhaustiveness-check": "error",
        // An async function that implements a Promise-returning interface without awaiting is fine.
        "@typescript-eslint/require-await": "off",
        // Modules that import each other in a circle are the first thing that makes a layer hard to change.
        "import-x/no-cycle": ["error", { ignoreExternal: true }],
      },
    },
    // Tests read untyped HTTP bodies (`await res.json()`) and assert on them with expect: the
    // no-unsafe-* rules would only add casts there. Production code keeps them.
    {
      files: ["**/*.test.ts", "**/test/**/*.ts", "**/*.spec.ts", "**/fixtures/**/*.ts"],
      rules: {
        "@typescript-eslint/no-unsafe-member-access": "off",
        "@typescript-eslint/no-unsafe-assignment": "off",
        "@typescript-eslint/no-unsafe-argument": "off",
        "@typescript-eslint/no-unsafe-call": "off",
        "@typescript-eslint/no-unsafe-return": "off",
      },
    },
    // Plain JS files (lint configs, preloads) are outside every tsconfig: lint them without types.
    { files: ["**/*.{js,mjs,cjs}"], ...tseslint.configs.disableTypeChecked },
    ...(options.react
      ? [
          {
            files: ["src/**/*.{ts,tsx}"],
            plugins: { "react-hooks": reactHooks },
            rules: reactHooks.configs.recommended.rules,
          },
        ]
      : []),
    ...(options.next
      ? [
          {
            plugins: { "@next/next": nextPlugin },
            rules: {
              ...nextPlugin.configs.recommended.rules,
              ...nextPlugin.configs["core-web-vitals"].rules,
            },
          },
        ]
      : []),
  );
}
