// ESLint, flat config: ESLint's and typescript-eslint's recommended rules without type information
// (fast enough to run before every `npm test`). Layout is Prettier's job (.prettierrc): no style
// rules here. `npm run lint` checks, `npm run format` rewrites.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'out/', '.cache/', 'node_modules/', 'playground/', '.vscode-test/', 'screenshots/', 'test-results/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  { languageOptions: { globals: globals.node } },
  {
    rules: {
      // `const { secret: _secret, ...rest } = value` leaves a property out on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Off: the patterns that name control characters (JSON escaping, SCIM filter and name checks)
      // match them on purpose, which is the only thing this rule reports.
      'no-control-regex': 'off',
    },
  },
  // The preview page runs in the webview, a browser.
  { files: ['client/src/preview/page/**'], languageOptions: { globals: globals.browser } },
  // The integration suite runs under mocha in the extension host.
  { files: ['test/integration/**'], languageOptions: { globals: { ...globals.node, ...globals.mocha } } },
);
