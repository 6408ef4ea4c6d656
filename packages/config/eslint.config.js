// One lint setup for the whole monorepo: ESLint flat config + typescript-eslint.
// Chosen over Biome because typescript-eslint understands our TS types and
// `no-restricted-properties` enforces the "process.env only in packages/config" rule.
import tseslint from "typescript-eslint";

export const ignores = [
  "**/node_modules/**",
  "**/.next/**",
  "**/dist/**",
  "**/generated/**",
  "**/.turbo/**",
  "**/next-env.d.ts",
  "**/playwright-report/**",
  "**/test-results/**",
  "**/artifacts/**",
];

const noProcessEnv = {
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

export default tseslint.config({ ignores }, ...tseslint.configs.recommended, {
  rules: {
    ...noProcessEnv,
    "@typescript-eslint/no-unused-vars": [
      "error",
      { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
    ],
    "@typescript-eslint/consistent-type-imports": "error",
  },
});

export { noProcessEnv };
