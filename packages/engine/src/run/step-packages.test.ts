import { chmodSync, readdirSync, statSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { identify, parseContract, type LoadedContract } from '@runink/contracts'
import { bundleStepModules } from './bundle-step-modules.js'
import { loadMaskKey } from './mask-key.js'
import { runPipeline } from './run-pipeline.js'
import type { RunnableStage } from './runnable-stage.js'
import { createLocalLauncher } from '@runink/sandbox'
import { testedBackends } from '@runink/sandbox/testing'
import { createSliceRunner } from './sandbox-slice-runner.js'
import type { SliceRunner } from './slice-runner.js'
import { testStage } from './testing/test-stage.js'
import { memoryPorts } from './testing/memory-ports.js'

// TypeScript steps that import the project's npm packages (a CommonJS one that requires Node's
// own modules, a scoped ES module one), installed in the project's node_modules by the test,
// run in every isolation this host has; and a step that throws names the user's file:line.

const PADDED: LoadedContract = (() => {
  const { contract, problems } = parseContract(
    'contract: padded\nversion: 1.0.0\nfields:\n  id: { type: string, required: true }\n  label: { type: string }\n',
    'c.yaml',
  )
  if (!contract) throw new Error(problems.map((p) => p.message).join('; '))
  return identify(contract.model)
})()

let root: string
let proj: string
let key: string

/** Everyone may read and search `p` and what is under it (slices run as another uid). */
function openUp(p: string): void {
  const s = statSync(p)
  chmodSync(p, s.isDirectory() ? 0o755 : 0o644)
  if (s.isDirectory()) for (const e of readdirSync(p)) openUp(path.join(p, e))
}

async function put(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(proj, file)), { recursive: true })
  await writeFile(path.join(proj, file), text)
}

/** Line of `steps/pad.ts` that throws (1-based). */
const THROW_LINE = 9

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'runink-steppkg-'))
  proj = path.join(root, 'proj')
  await put(
    'node_modules/tiny-pad/package.json',
    '{ "name": "tiny-pad", "version": "1.2.3", "main": "index.js" }\n',
  )
  await put(
    'node_modules/tiny-pad/index.js',
    "const { format } = require('node:util')\nexports.pad = (s, n) => format('%s', String(s)).padStart(n, '0')\n",
  )
  await put(
    'node_modules/@acme/shout/package.json',
    '{ "name": "@acme/shout", "version": "0.4.0", "type": "module", "exports": "./shout.js" }\n',
  )
  await put(
    'node_modules/@acme/shout/shout.js',
    'export const shout = (s) => `${s}!`.toUpperCase()\n',
  )
  await put(
    'steps/pad.ts',
    [
      `import { defineStep } from '@runink/engine'`,
      `import { pad } from 'tiny-pad'`,
      `import { shout } from '@acme/shout'`,
      ``,
      `export const Pad = defineStep({ map: (r) => ({ id: pad(r.id, 4), label: shout(String(r.id)) }) })`,
      ``,
      `export const Boom = defineStep({`,
      `  map: (r) => {`,
      `    if (r.id === 'R2') throw new Error('no R2 here')`,
      `    return r`,
      `  },`,
      `})`,
      ``,
    ].join('\n'),
  )
  await put('in.csv', 'id\n7\n42\n')
  await put('r.csv', 'id\nR1\nR2\n')
  key = await loadMaskKey(path.join(proj, '.runink', 'keys'), 'default')
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

function stage(id: string, step: string, source: string): RunnableStage {
  return testStage(id, PADDED, {
    cache: false,
    sources: [{ uri: `csv://${source}` }],
    steps: [{ kind: 'module', name: step, module: path.join(proj, 'steps', 'pad.ts'), params: {} }],
    sinks: [{ uri: `jsonl://out/${id}.jsonl` }],
  })
}

async function run(runner: SliceRunner, stages: RunnableStage[]) {
  openUp(root)
  return runPipeline({
    ...memoryPorts(),
    plan: { stages: stages.map((s) => s.id) },
    planHash: 'sha256:' + 'd'.repeat(64),
    name: 'packages',
    herd: 'default',
    stages,
    baseDir: proj,
    runner,
    concurrency: 2,
    maskKey: key,
    stagingDir: path.join(root, 'staging'),
  })
}

const isolations: Array<[string, () => Promise<SliceRunner>]> = [
  ...testedBackends.map((backend): [string, () => Promise<SliceRunner>] => [
    backend,
    () =>
      createSliceRunner({
        launcher: createLocalLauncher({
          backend,
          stagingRoot: path.join(root, `slices-${backend}`),
        }),
      }),
  ]),
  [
    'process',
    () => createSliceRunner({ mode: 'process', stagingRoot: path.join(root, 'slices-process') }),
  ],
]

describe.each(isolations)('TypeScript steps with npm packages (%s)', (name, make) => {
  let runner: SliceRunner
  beforeAll(async () => {
    runner = await make()
  })
  afterAll(async () => {
    await runner.close()
  })

  it("imports the project's packages, CommonJS and ES modules", async () => {
    const result = await run(runner, [stage(`pad_${name}`, 'Pad', 'in.csv')])
    expect(result.stages[0]?.error).toBeUndefined()
    expect(result.stages[0]?.status).toBe('succeeded')
    const lines = (await readFile(path.join(proj, 'out', `pad_${name}.jsonl`), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown)
    expect(lines).toEqual([
      { id: '0007', label: '7!' },
      { id: '0042', label: '42!' },
    ])
  })

  it("a step that throws names the user's file and line", async () => {
    const result = await run(runner, [stage(`boom_${name}`, 'Boom', 'r.csv')])
    expect(result.stages[0]?.status).toBe('failed')
    expect(result.stages[0]?.error).toContain('no R2 here')
    expect(result.stages[0]?.error).toContain(
      `(at ${path.join(proj, 'steps', 'pad.ts')}:${THROW_LINE}:`,
    )
  })
})

describe('step bundles', () => {
  it('take defineStep from @runink/engine/step as from @runink/engine: the running Runink, alone', async () => {
    // A project's own node_modules/@runink/engine is never what a step gets.
    await put(
      'node_modules/@runink/engine/package.json',
      '{ "name": "@runink/engine", "version": "9.9.9", "type": "module", "exports": { "./step": "./step.js", ".": "./step.js" } }\n',
    )
    await put('node_modules/@runink/engine/step.js', 'throw new Error("the project copy")\n')
    await put(
      'steps/entry.ts',
      `import { defineStep, type StepContext } from '@runink/engine/step'\nexport const E = defineStep({ map: (r: Record<string, unknown>, ctx: StepContext) => ({ ...r, attempt: ctx.attempt }) })\n`,
    )
    const s = testStage('entry', PADDED, {
      steps: [
        { kind: 'module', name: 'E', module: path.join(proj, 'steps', 'entry.ts'), params: {} },
      ],
    })
    const bundles = new Map<string, string>()
    await bundleStepModules(s, { baseDir: proj }, path.join(root, 'bundles'), bundles)
    const text = await readFile(bundles.get(path.join(proj, 'steps', 'entry.ts'))!, 'utf8')
    expect(text.split('\n')[0]).toBe('// runink step bundle; packages: none')
    expect(text).toContain('defineStep needs a map(record, ctx) or a stream(records, ctx) function')
    expect(text).not.toContain('the project copy')
    // Only defineStep: none of the engine's runtime (its slice runner, DuckDB, esbuild) comes along.
    expect(text).not.toMatch(/runSlice|duckdb|esbuild/i)
  })

  it('name every package they hold, with its version, on their first line', async () => {
    const bundles = new Map<string, string>()
    await bundleStepModules(
      stage('banner', 'Pad', 'in.csv'),
      { baseDir: proj },
      path.join(root, 'bundles'),
      bundles,
    )
    const text = await readFile(bundles.get(path.join(proj, 'steps', 'pad.ts'))!, 'utf8')
    expect(text.split('\n')[0]).toBe(
      '// runink step bundle; packages: @acme/shout@0.4.0, tiny-pad@1.2.3',
    )
  })

  it('refuses a package with a native addon, saying so', async () => {
    await put(
      'node_modules/native-thing/package.json',
      '{ "name": "native-thing", "version": "2.0.0", "main": "index.js" }\n',
    )
    await put('node_modules/native-thing/binding.gyp', '{}\n')
    await put('node_modules/native-thing/index.js', 'module.exports = { fast: () => 1 }\n')
    await put(
      'steps/native.ts',
      `import { defineStep } from '@runink/engine'\nimport { fast } from 'native-thing'\nexport const N = defineStep({ map: (r) => ({ ...r, n: fast() }) })\n`,
    )
    const s = testStage('native', PADDED, {
      steps: [
        { kind: 'module', name: 'N', module: path.join(proj, 'steps', 'native.ts'), params: {} },
      ],
    })
    await expect(
      bundleStepModules(s, { baseDir: proj }, path.join(root, 'bundles'), new Map()),
    ).rejects.toThrow(
      /^cannot load step module .*native\.ts: package native-thing@2\.0\.0 \(.*\) is a native addon, which a TypeScript step cannot load/,
    )
  })

  it('refuses a .node file imported by a package, naming it', async () => {
    await put(
      'node_modules/raw-addon/package.json',
      '{ "name": "raw-addon", "version": "1.0.0", "main": "index.js" }\n',
    )
    await put('node_modules/raw-addon/index.js', "module.exports = require('./addon.node')\n")
    await put('node_modules/raw-addon/addon.node', 'not really an ELF file')
    await put(
      'steps/raw.ts',
      `import { defineStep } from '@runink/engine'\nimport addon from 'raw-addon'\nexport const R = defineStep({ map: (r) => ({ ...r, n: String(addon) }) })\n`,
    )
    const s = testStage('raw', PADDED, {
      steps: [
        { kind: 'module', name: 'R', module: path.join(proj, 'steps', 'raw.ts'), params: {} },
      ],
    })
    await expect(
      bundleStepModules(s, { baseDir: proj }, path.join(root, 'bundles'), new Map()),
    ).rejects.toThrow(/raw-addon[/]addon\.node is a native addon/)
  })
})
