// Lint for the extension (browser ES modules) and for its Node tooling and tests.
import js from "@eslint/js";
import globals from "globals";

export default [
  {ignores: ["build*/**", "node_modules/**", "dist/**", "artifacts/**", "out/**"]},
  js.configs.recommended,
  {
    files: ["extension/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: {...globals.browser, ...globals.webextensions},
    },
  },
  {
    files: ["tests/**/*.{js,mjs}", "tools/**/*.{js,mjs}", "*.mjs"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: {...globals.node},
    },
  },
  {
    // Functions passed to page.evaluate() run in the browser.
    files: ["tests/browser/**/*.mjs", "tests/e2e/**/*.mjs"],
    languageOptions: {globals: {...globals.node, ...globals.browser, ...globals.webextensions}},
  },
  {
    rules: {
      "no-unused-vars": ["error", {argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "all",
                                   caughtErrorsIgnorePattern: "^_"}],
      "no-empty": ["error", {allowEmptyCatch: false}],
      eqeqeq: ["error", "always"],
      "prefer-const": "error",
      "no-var": "error",
    },
  },
];
