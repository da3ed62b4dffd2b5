// One lint setup for every workspace: typescript-eslint's recommended rules (syntax-only, so the
// whole repo lints in seconds), with Node globals for scripts and browser globals for the web client,
// and the package layering as import rules (eslint-boundaries.js).
import js from '@eslint/js';
import i18next from 'eslint-plugin-i18next';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { boundaries } from './eslint-boundaries.js';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.data/**', 'db/migrations/**', '**/.venv/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['web/src/**', 'desktop/src/renderer/**'], languageOptions: { globals: { ...globals.browser } } },
  // No hard-coded words on screen: every string a user reads comes from the i18n resources in shared/.
  // `jsx-only` checks JSX text and user-facing attributes; class names, test ids and code stay free.
  // The desktop studio's renderer is a browser page like the web client, under the same rule.
  {
    files: ['web/src/**/*.tsx', 'desktop/src/renderer/**/*.tsx'],
    ignores: ['**/*.test.tsx'],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': [
        'error',
        {
          mode: 'jsx-only',
          'jsx-attributes': { include: ['alt', 'aria-label', 'title', 'placeholder', 'label'] },
          // Text without a letter (numbers, punctuation, separators) needs no translation.
          words: { exclude: [/^[^\p{L}]*$/u] },
        },
      ],
    },
  },
  ...boundaries,
);
