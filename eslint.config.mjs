import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'Export an explicit list of names (no export *).' },
      ],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@halong/*/src/*', '@halong/*/src'], message: 'No deep imports: use the workspace public API.' }] },
      ],
    },
  },
  {
    // The browser-safe entry point of core must never reach Node-only code.
    files: ['core/src/**/*.ts'],
    ignores: ['core/src/node/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', './node', './node/*', '../node/*'], message: '@halong/core is browser-safe: Node code lives in core/src/node.' },
          ],
          paths: ['fs', 'path', 'os', 'crypto', 'net', 'tls', 'child_process', 'stream', 'zlib', 'buffer', 'events', 'util'],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs', 'jest.config.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
