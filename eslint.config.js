import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const processEnv = {
  selector: "MemberExpression[object.name='process'][property.name='env']",
  message: 'Read configuration through config.ts (the only reader of process.env).',
};
const timers = {
  selector: "CallExpression[callee.name='setInterval']",
  message: 'Background work is a BullMQ job (defineJob), never setInterval.',
};

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '.tmp/**', 'packages/e2e/screenshots/**', '**/*.cjs'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['packages/frontend/src/**', 'packages/company-frontend/src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // backend: process.env only in config.ts; no timers doing background work in the API
  {
    files: ['packages/backend/src/**/*.ts'],
    ignores: ['packages/backend/src/config.ts', 'packages/backend/src/**/*.test.ts', 'packages/backend/src/**/*.test-helpers.ts'],
    rules: { 'no-restricted-syntax': ['error', processEnv, timers] },
  },
  {
    files: ['packages/qtmsg-sim/src/**/*.ts'],
    ignores: ['packages/qtmsg-sim/src/config.ts', 'packages/qtmsg-sim/src/**/*.test.ts'],
    rules: { 'no-restricted-syntax': ['error', processEnv] },
  },
  // layering: routes → service → repo → db. Routes never touch SQL; other modules use services.
  {
    files: ['packages/backend/src/modules/**/*.routes.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/*.repo.js', '**/*.repo'], message: 'Routes call services, never repositories.' },
            { group: ['kysely', 'mysql2', 'mysql2/*', 'pg'], message: 'Routes do no SQL; put it in a repo.' },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/backend/src/modules/**/*.ts'],
    ignores: ['packages/backend/src/modules/**/*.routes.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../*/*.repo.js', '../*/*.repo'], message: "Import another module's service, never its repo." }] },
      ],
    },
  },
);
