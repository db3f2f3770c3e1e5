// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import importX from 'eslint-plugin-import-x'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import unicorn from 'eslint-plugin-unicorn'
import prettier from 'eslint-config-prettier'
import { builtinModules } from 'node:module'
import globals from 'globals'

const ROOT = import.meta.dirname

/** Packages that must run anywhere (CLI, server, agent, browser): no IO, no Node built-ins. */
const PURE = [
  'packages/core',
  'packages/contracts',
  'packages/synth',
  'packages/dsl',
  'packages/protocol',
]

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', 'bench/.work/**', '**/*.d.ts', '**/testdata/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX, unicorn },
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    settings: {
      // Resolve as TypeScript does: `./x.js` lands on `./x.ts`, and `@runink/*` on the package's
      // src/index.ts through the `source` export condition (tsconfig.base.json customConditions).
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: `${ROOT}/tsconfig.check.json`,
          conditionNames: ['source', 'types', 'import', 'node', 'default'],
        }),
      ],
      // Workspace packages count as internal, so no-cycle follows them.
      'import-x/internal-regex': '^@runink/',
      // Without these the rules parse no .ts file and see no edges at all.
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/ignore': ['node_modules'],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'unicorn/filename-case': ['error', { case: 'kebabCase' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@runink/*/src/*', '@runink/*/dist/*'],
              message: 'Import a package through its index.',
            },
          ],
        },
      ],
    },
  },
  {
    files: PURE.map((p) => `${p}/src/**/*.ts`),
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinModules.map((name) => ({ name, message: 'Pure packages do no IO.' })),
          patterns: [
            { group: ['node:*'], message: 'Pure packages do no IO: no Node built-ins.' },
            {
              group: ['@runink/store', '@runink/engine', '@runink/testing'],
              message: 'Pure packages must not depend on IO packages.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Pure packages do not read process or its env.' },
        { name: 'Buffer', message: 'Use Uint8Array in pure packages.' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', 'bench/**', 'apps/*/bin/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  prettier,
)
