import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { ESLint, type Linter } from 'eslint'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The lint guards in eslint.config.js only hold if the import rules see the import graph. These
// tests run the repository's own config and fail if the resolver, the cycle check or the
// pure-package restrictions quietly stop working.

const ROOT = dirname(import.meta.dirname)
const CONFIG = join(ROOT, 'eslint.config.js')

/** Switches typed linting off: scratch files and probes belong to no tsconfig. */
const UNTYPED: Linter.Config = {
  languageOptions: { parserOptions: { projectService: false } },
  rules: { '@typescript-eslint/switch-exhaustiveness-check': 'off' },
}

interface Resolver {
  resolve(source: string, file: string): { found: boolean; path?: string | null }
}

/** Messages of one rule, as `line: message`. */
function messagesOf(results: ESLint.LintResult[], ruleId: string): string[] {
  return results.flatMap((r) =>
    r.messages.filter((m) => m.ruleId === ruleId).map((m) => `${m.line}: ${m.message}`),
  )
}

/** Fatal parse or config problems would otherwise pass as "no findings". */
function expectNoFatal(results: ESLint.LintResult[]): void {
  expect(results.flatMap((r) => r.messages.filter((m) => m.fatal))).toEqual([])
}

describe('the resolver in eslint.config.js', () => {
  const eslint = new ESLint({ cwd: ROOT })

  async function resolverFor(file: string): Promise<Resolver> {
    const config = (await eslint.calculateConfigForFile(file)) as Linter.Config
    const resolvers = config.settings?.['import-x/resolver-next'] as Resolver[] | undefined
    expect(resolvers).toHaveLength(1)
    return resolvers![0]!
  }

  it('resolves a relative `.js` specifier to the `.ts` source', async () => {
    const from = join(ROOT, 'apps/cli/src/main.ts')
    const resolved = (await resolverFor(from)).resolve('./program.js', from)
    expect(resolved.found).toBe(true)
    expect(relative(ROOT, resolved.path!)).toBe(join('apps', 'cli', 'src', 'program.ts'))
  })

  it('resolves a workspace package to its src/index.ts, not dist', async () => {
    const from = join(ROOT, 'apps/cli/src/main.ts')
    const resolved = (await resolverFor(from)).resolve('@runink/core', from)
    expect(resolved.found).toBe(true)
    expect(relative(ROOT, resolved.path!)).toBe(join('packages', 'core', 'src', 'index.ts'))
  })

  it('lets import-x rules resolve relative and workspace imports (and flag a missing one)', async () => {
    const probe = new ESLint({
      cwd: ROOT,
      overrideConfig: {
        ...UNTYPED,
        rules: { ...UNTYPED.rules, 'import-x/no-unresolved': 'error' },
      },
    })
    const results = await probe.lintText(
      [
        "import { buildProgram } from './program.js'",
        "import { hashOf } from '@runink/core'",
        "import { nothing } from './no-such-file.js'",
        'export const used = [buildProgram, hashOf, nothing]',
        '',
      ].join('\n'),
      { filePath: join(ROOT, 'apps/cli/src/guard-probe.ts') },
    )
    expectNoFatal(results)
    const unresolved = messagesOf(results, 'import-x/no-unresolved')
    expect(unresolved).toHaveLength(1)
    expect(unresolved[0]).toMatch(/^3: .*no-such-file/)
  })
})

describe('import-x/no-cycle and the pure-package restrictions on scratch files', () => {
  let dir = ''
  let eslint: ESLint

  /** Writes scratch files under the temporary root. */
  function write(files: Record<string, string>): void {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true })
      writeFileSync(join(dir, path), text)
    }
  }

  beforeAll(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'runink-eslint-guards-')))
    write({
      'package.json': JSON.stringify({ name: 'guards-scratch', private: true, type: 'module' }),
      // Two files that import each other.
      'packages/probe/src/left.ts':
        "import { right } from './right.js'\nexport const left = () => right()\n",
      'packages/probe/src/right.ts':
        "import { left } from './left.js'\nexport const right = () => left\n",
      // A cycle closed through the package's own name, as `@runink/*` imports are written.
      'packages/probe/package.json': JSON.stringify({
        name: '@runink/probe',
        type: 'module',
        exports: { '.': { source: './src/index.ts', default: './dist/index.js' } },
      }),
      'packages/probe/src/index.ts': "export { named } from './named.js'\n",
      'packages/probe/src/named.ts':
        "import * as probe from '@runink/probe'\nexport const named = () => probe\n",
      // Two files with no cycle: the rule must stay quiet about them.
      'packages/probe/src/leaf.ts': 'export const leaf = 1\n',
      'packages/probe/src/stem.ts': "import { leaf } from './leaf.js'\nexport const stem = leaf\n",
    })
    mkdirSync(join(dir, 'node_modules/@runink'), { recursive: true })
    symlinkSync(join(dir, 'packages/probe'), join(dir, 'node_modules/@runink/probe'), 'dir')
    eslint = new ESLint({ cwd: dir, overrideConfigFile: CONFIG, overrideConfig: UNTYPED })
  })

  afterAll(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true })
  })

  it('reports two files that import each other', async () => {
    const results = await eslint.lintFiles(['packages/probe/src/left.ts'])
    expectNoFatal(results)
    expect(messagesOf(results, 'import-x/no-cycle')).toEqual([
      expect.stringMatching(/^1: Dependency cycle/),
    ])
  })

  it('reports a cycle closed through a `@runink/*` package import', async () => {
    const results = await eslint.lintFiles(['packages/probe/src/named.ts'])
    expectNoFatal(results)
    expect(messagesOf(results, 'import-x/no-cycle')).toEqual([
      expect.stringMatching(/^1: Dependency cycle/),
    ])
  })

  it('says nothing about an import that closes no cycle', async () => {
    const results = await eslint.lintFiles(['packages/probe/src/stem.ts'])
    expectNoFatal(results)
    expect(messagesOf(results, 'import-x/no-cycle')).toEqual([])
  })

  const IO_IMPORTS = [
    'node:fs',
    'fs',
    'pg',
    '@electric-sql/pglite',
    '@duckdb/node-api',
    'esbuild',
    '@aws-sdk/client-s3',
    '@runink/store',
    '@runink/engine',
    '@runink/sandbox',
  ]
  const ioSource = IO_IMPORTS.map((name, i) => `import * as io${i} from '${name}'`)
    .concat([`export const all = [${IO_IMPORTS.map((_, i) => `io${i}`).join(', ')}]`, ''])
    .join('\n')

  it.each(['core', 'contracts', 'dsl', 'synth', 'protocol'])(
    'forbids IO imports in the pure package %s',
    async (pkg) => {
      const results = await eslint.lintText(ioSource, {
        filePath: join(dir, `packages/${pkg}/src/uses-io.ts`),
      })
      expectNoFatal(results)
      const lines = messagesOf(results, 'no-restricted-imports').map((m) => m.split(':')[0])
      expect(lines).toEqual(IO_IMPORTS.map((_, i) => String(i + 1)))
    },
  )

  it('allows the same imports in an IO package and in a pure package’s tests', async () => {
    for (const filePath of ['packages/store/src/uses-io.ts', 'packages/core/src/uses-io.test.ts']) {
      const results = await eslint.lintText(ioSource, { filePath: join(dir, filePath) })
      expectNoFatal(results)
      expect(messagesOf(results, 'no-restricted-imports')).toEqual([])
    }
  })
})

describe('per-package dependencies and exhaustive switches', () => {
  it("flags an import missing from the package's own dependencies, and a devDependency in src", async () => {
    const eslint = new ESLint({ cwd: ROOT, overrideConfig: UNTYPED })
    const code = "import 'pg'\nimport '@runink/testing'\nimport '@runink/core'\n"
    const [src] = await eslint.lintText(code, {
      filePath: join(ROOT, 'packages/engine/src/guard-probe.ts'),
    })
    expectNoFatal([src!])
    expect(messagesOf([src!], 'import-x/no-extraneous-dependencies')).toEqual([
      expect.stringMatching(/^1: 'pg' should be listed in the project's dependencies\./),
      expect.stringMatching(
        /^2: '@runink\/testing' should be listed in the project's dependencies, not devDependencies\./,
      ),
    ])
    const [test] = await eslint.lintText(code, {
      filePath: join(ROOT, 'packages/engine/src/guard-probe.test.ts'),
    })
    expect(messagesOf([test!], 'import-x/no-extraneous-dependencies')).toEqual([
      expect.stringMatching(/^1: 'pg' should be listed/),
    ])
  })

  it('reports a switch over a union that misses a member and has no default', async () => {
    const eslint = new ESLint({ cwd: ROOT })
    const code = [
      "type Mode = 'strict' | 'coerce'",
      '/** Probe. */',
      'export function label(mode: Mode): string {',
      '  switch (mode) {',
      "    case 'strict':",
      "      return 'typed'",
      '  }',
      "  return '?'",
      '}',
      '',
    ].join('\n')
    // The path of a real source file, so the project service finds its tsconfig.
    const results = await eslint.lintText(code, {
      filePath: join(ROOT, 'packages/core/src/index.ts'),
    })
    expectNoFatal(results)
    expect(messagesOf(results, '@typescript-eslint/switch-exhaustiveness-check')).toEqual([
      expect.stringMatching(/^4: Switch is not exhaustive.*coerce/),
    ])
  })
})
