// ESLint 10 flat config: typescript-eslint's type-checked rules for everything TypeScript, with
// the type information of tsconfig.test.json (src, test, migrations, bench). Formatting is
// Prettier's job (.prettierrc); none of the rules here is stylistic, so the two never disagree.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The `globals` package is not installed; these are the Node globals our plain JS files use.
const readonly = (names) => Object.fromEntries(names.split(/\s+/).map((name) => [name, 'readonly']));
const node = readonly(`process console require module exports __dirname __filename Buffer URL URLSearchParams
  setTimeout clearTimeout setInterval clearInterval setImmediate fetch AbortController AbortSignal structuredClone
  globalThis performance TextEncoder TextDecoder`);
// TomSelect: the global of the tom-select script the layout loads before ours.
const browser = readonly(`window document console location history navigator fetch URL URLSearchParams FormData
  Element Node HTMLElement HTMLFormElement HTMLInputElement HTMLSelectElement HTMLTextAreaElement HTMLButtonElement
  Option Event CustomEvent KeyboardEvent MutationObserver requestAnimationFrame setTimeout clearTimeout
  sessionStorage localStorage TomSelect`);

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', '.data/', 'test-results/', 'node_modules/', 'public/vendor/'] },

  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { project: './tsconfig.test.json', tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Spelled out although recommendedTypeChecked has them: these are the rules the gate is for.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unsafe-argument': 'error',
      '@typescript-eslint/no-unsafe-assignment': 'error',
      '@typescript-eslint/no-unsafe-call': 'error',
      '@typescript-eslint/no-unsafe-member-access': 'error',
      '@typescript-eslint/no-unsafe-return': 'error',
      // `_req`, `_next`: Express tells an error handler by its four parameters.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },

  {
    // Tests read rows with raw SQL and Supertest bodies (both `any`) on purpose and hand them to
    // expect(), which fails on a wrong shape anyway: typing each one would add casts, not safety.
    // A forgotten await, though, is a test that passes without testing: those rules stay errors.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // expect(obj.method).toHaveBeenCalled() and jest.fn() passed around are not unbound calls.
      '@typescript-eslint/unbound-method': 'off',
      // Stubs standing in for async functions are async without awaiting anything.
      '@typescript-eslint/require-await': 'off',
    },
  },

  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ignores: ['public/**'],
    extends: [js.configs.recommended],
    languageOptions: { globals: node },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    ignores: ['public/**'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    files: ['public/**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: 'script', globals: browser },
  },
);
