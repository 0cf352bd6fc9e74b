// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Lint for the backend: ESLint's and typescript-eslint's recommended rules, without type
 * information so that `npm test` stays fast. Formatting is Prettier's job (.prettierrc.json);
 * which file may import which, and import cycles, are test/architecture.test.ts's.
 */
export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'web/**', '.data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, globals: globals.node },
    rules: {
      // A leading underscore marks what is left out on purpose: `const { type: _t, ...data } = c`.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Input validation matches control characters on purpose (\x00-\x1f in names, cursors, bodies).
      'no-control-regex': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // Prettier wraps code at 120 columns but leaves strings, comments and template literals whole:
    // in the app and its read models those are wrapped by hand too.
    files: ['src/**/*.ts', 'projections/**/*.ts'],
    rules: { 'max-len': ['error', { code: 120, ignoreUrls: true, ignoreRegExpLiterals: true }] },
  },
  {
    // The entry points, benchmarks, scripts and tests talk to a terminal.
    files: [
      'src/main.ts',
      'src/cli.ts',
      'src/**/*-cli.ts',
      'bench/**',
      'scripts/**',
      'test/**',
      'docs/examples/**',
      '**/*.spec.ts',
    ],
    rules: { 'no-console': 'off' },
  },
  {
    // Plain Node scripts in CommonJS.
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
