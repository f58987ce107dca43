import next from "eslint-config-next";
import nextTs from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier";

const config = [
  ...next,
  ...nextTs,
  // Formatting is Prettier's job (`npm run format`); the lint step checks it separately.
  prettier,
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      ".data/**",
      ".tools/**",
      "drizzle/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  {
    // Playwright fixtures call a parameter named `use`, which is not React's hook.
    files: ["e2e/**/*.ts"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
];

export default config;
