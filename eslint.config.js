// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import importX from 'eslint-plugin-import-x'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import unicorn from 'eslint-plugin-unicorn'
import prettier from 'eslint-config-prettier'
import { readdirSync } from 'node:fs'
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
  'packages/lifecycle',
]

/** Every workspace: each one's imports must be declared in its own package.json. */
const WORKSPACES = ['packages', 'apps'].flatMap((dir) =>
  readdirSync(`${ROOT}/${dir}`, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => `${dir}/${d.name}`),
)

/** Files that run only in tests or at build time: they may use devDependencies. */
const DEV_FILES = ['**/*.test.ts', '**/src/testing/**', '**/src/**/testing/**', '**/scripts/**']

/** Sources compiled by a package's tsconfig.json (tests and test helpers are not). */
const TYPED_SOURCES = ['packages/*/src/**/*.ts', 'apps/*/src/**/*.ts']

const DEEP_IMPORTS = {
  group: ['@runink/*/src/*', '@runink/*/dist/*'],
  message: 'Import a package through its index.',
}

/** Packages that do IO: a pure package imports none of them. */
const IO_PACKAGES = [
  'pg',
  '@electric-sql/pglite',
  '@duckdb/node-api',
  'esbuild',
  '@runink/sandbox',
  '@runink/local',
  '@runink/node',
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
      // Workspace packages count as internal: no-cycle follows them and no-extraneous-dependencies
      // still checks each one is declared (includeInternal).
      'import-x/internal-regex': '^@runink/',
      // Without these the rules parse no .ts file and see no edges at all.
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/ignore': ['node_modules'],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'unicorn/filename-case': ['error', { case: 'kebabCase' }],
      'max-lines': ['warn', { max: 400, skipBlankLines: true, skipComments: true }],
      '@typescript-eslint/max-params': ['warn', { max: 4 }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { patterns: [DEEP_IMPORTS] }],
    },
  },
  ...WORKSPACES.map((dir) => ({
    files: [`${dir}/**/*.{ts,js,mjs}`],
    rules: {
      'import-x/no-extraneous-dependencies': [
        'error',
        {
          // The package's own package.json first; the root adds only devDependencies (tooling).
          packageDir: [`${ROOT}/${dir}`, ROOT],
          devDependencies: DEV_FILES,
          includeInternal: true,
          includeTypes: true,
        },
      ],
    },
  })),
  {
    // Exhaustive switches over closed vocabularies need types: typed linting for these files only.
    files: TYPED_SOURCES,
    ignores: DEV_FILES,
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: ROOT } },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, allowDefaultCaseForExhaustiveSwitch: false },
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
          paths: [
            ...builtinModules.map((name) => ({ name, message: 'Pure packages do no IO.' })),
            ...IO_PACKAGES.map((name) => ({ name, message: 'Pure packages do no IO.' })),
          ],
          patterns: [
            DEEP_IMPORTS,
            { group: ['node:*'], message: 'Pure packages do no IO: no Node built-ins.' },
            {
              group: [...IO_PACKAGES.map((name) => `${name}/*`), '@aws-sdk/*'],
              message: 'Pure packages do no IO.',
            },
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
