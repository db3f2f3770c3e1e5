import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { text } from 'node:stream/consumers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LoadedContract } from '@runink/contracts'
import type { Barn } from '@runink/store'
import {
  type RunEvent,
  type RunnableStage,
  runPipeline,
  type RunResult,
  type SliceRunner,
} from '@runink/engine'
import { testContract, testStage } from '@runink/engine/testing'
import { barnPorts } from './barn-ports.js'
import { openBarnProject, type BarnProject } from './testing/barn-project.js'

/** Raw rows, with an upper bound on amount (the contract that changes A → B → A). */
const raw = (max: number): LoadedContract =>
  testContract(`
contract: raw
version: 1.0.0
fields:
  id: { type: string, required: true }
  amount: { type: int, required: true, max: ${max} }
`)
const GOLD = testContract(`
contract: gold
version: 1.0.0
fields:
  id: { type: string, required: true }
  amount: { type: int, required: true }
`)
const TAGGED = testContract(`
contract: tagged
version: 1.0.0
fields:
  id: { type: string, required: true }
  amount: { type: int, required: true }
  tag: { type: string, required: true }
`)

let project: BarnProject
let dir: string
let barn: Barn
let runner: SliceRunner

beforeEach(async () => {
  project = await openBarnProject('runink-pins-')
  ;({ dir, barn, runner } = project)
})
afterEach(() => project.close())

async function run(
  stages: RunnableStage[],
  params: Record<string, string> = {},
  onEvent?: (event: RunEvent) => void,
  where: { herd?: string; maskKey?: string } = {},
): Promise<RunResult> {
  return runPipeline({
    ...barnPorts(barn),
    plan: { stages: stages.map((s) => s.id) },
    planHash: 'sha256:' + 'b'.repeat(64),
    name: 'pins',
    herd: where.herd ?? 'default',
    stages,
    baseDir: dir,
    runner,
    concurrency: 2,
    maskKey: where.maskKey ?? 'k',
    stagingDir: path.join(dir, '.runink-staging', 'run'),
    params,
    ...(onEvent ? { onEvent } : {}),
  })
}

/** csv://in.csv → dataset://clean (invalid rows to a dead-letter file) → dataset://gold. */
function bronzeToGold(rawContract: LoadedContract, goldOver: Partial<RunnableStage> = {}) {
  return [
    testStage('ingest', rawContract, {
      sources: [{ uri: 'csv://in.csv' }],
      sinks: [
        { uri: 'dataset://clean' },
        { uri: 'jsonl://out/dlq.jsonl', when: '!record.valid', acceptsInvalid: true },
      ],
    }),
    testStage('gold', GOLD, {
      dependsOn: ['ingest'],
      sources: [{ uri: 'dataset://clean' }],
      sinks: [{ uri: 'dataset://gold' }],
      ...goldOver,
    }),
  ]
}

type Row = Record<string, unknown>

/** The records of the gold version a run reports, and of `dataset://gold` after it: the same. */
async function goldOf(result: RunResult, stage = 'gold'): Promise<Row[]> {
  expect(
    result.stages.filter((s) => s.error !== undefined).map((s) => `${s.id}: ${s.error}`),
  ).toEqual([])
  expect(result.status).toBe('succeeded')
  const output = result.stages.find((s) => s.id === stage)!.outputs[0]!
  const reported = await rowsOf(output.version.objectKey)
  const { body } = await barn.datasets.read(`dataset://${output.version.name}`)
  const latest = parse(await text(body))
  expect(latest).toEqual(reported)
  return reported
}

async function rowsOf(objectKey: string): Promise<Row[]> {
  return parse(await text(await barn.objects.get(objectKey)))
}

function parse(body: string): Row[] {
  return body
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Row)
}

const statuses = (r: RunResult): string[] => r.stages.map((s) => s.status)

describe('a run reads what its own stages wrote', () => {
  it('input A → B → A: the third run publishes the gold of A, not of B', async () => {
    const input = (amount: number) =>
      writeFile(path.join(dir, 'in.csv'), `id,amount\nR1,${amount}\nR2,5\n`)
    await input(10)
    const first = await run(bronzeToGold(raw(1000)))
    expect(await goldOf(first)).toEqual([
      { id: 'R1', amount: 10 },
      { id: 'R2', amount: 5 },
    ])
    await input(20)
    const second = await run(bronzeToGold(raw(1000)))
    expect(statuses(second)).toEqual(['succeeded', 'succeeded'])
    expect(await goldOf(second)).toEqual([
      { id: 'R1', amount: 20 },
      { id: 'R2', amount: 5 },
    ])
    await input(10)
    const third = await run(bronzeToGold(raw(1000)))
    // Both stages have run on exactly these inputs before (the first run): cache hits, whose
    // outputs are A's, published again as the latest versions.
    expect(statuses(third)).toEqual(['cached', 'cached'])
    expect(await goldOf(third)).toEqual([
      { id: 'R1', amount: 10 },
      { id: 'R2', amount: 5 },
    ])
    const clean = await barn.datasets.resolve('dataset://clean')
    expect(clean.contentHash).toBe(first.stages[0]!.outputs[0]!.version.contentHash)
    expect(clean.runId).toBe(third.runId)
  })

  it('contract A → B → A (max 50 → 60 → 50): the third run publishes the gold of A', async () => {
    await writeFile(path.join(dir, 'in.csv'), 'id,amount\nR1,10\nR2,55\n')
    const first = await run(bronzeToGold(raw(50)))
    expect(await goldOf(first)).toEqual([{ id: 'R1', amount: 10 }])
    const second = await run(bronzeToGold(raw(60)))
    expect(await goldOf(second)).toEqual([
      { id: 'R1', amount: 10 },
      { id: 'R2', amount: 55 },
    ])
    const third = await run(bronzeToGold(raw(50)))
    expect(statuses(third)).toEqual(['cached', 'cached'])
    expect(await goldOf(third)).toEqual([{ id: 'R1', amount: 10 }])
    expect((await barn.datasets.resolve('dataset://gold')).recordCount).toBe(1)
  })

  it('reads a dataset no stage writes as it was at run start, and records every pin', async () => {
    await barn.datasets.write(Buffer.from('{"id":"X1","amount":1}\n'), {
      name: 'ref',
      format: 'jsonl',
      recordCount: 1,
    })
    await writeFile(path.join(dir, 'in.csv'), 'id,amount\nR1,10\n')
    const stages = bronzeToGold(raw(1000), {
      sources: [{ uri: 'dataset://clean' }, { uri: 'dataset://ref' }, { uri: 'dataset://ref@1' }],
    })
    const result = await run(stages)
    expect(await goldOf(result)).toEqual([
      { id: 'R1', amount: 10 },
      { id: 'X1', amount: 1 },
      { id: 'X1', amount: 1 },
    ])
    const clean = result.stages[0]!.outputs[0]!.version
    const ref = await barn.datasets.resolve('dataset://ref@1')
    const detail = await barn.runDetail(result.runId)
    expect(detail.inputs).toEqual([
      {
        uri: 'csv://in.csv',
        contentHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
        pinned: 'file',
      },
      {
        uri: 'dataset://clean',
        ref: clean.ref,
        contentHash: clean.contentHash,
        pinned: 'stage',
        fromStage: 'ingest',
      },
      { uri: 'dataset://ref', ref: ref.ref, contentHash: ref.contentHash, pinned: 'run-start' },
      { uri: 'dataset://ref@1', ref: ref.ref, contentHash: ref.contentHash, pinned: 'explicit' },
    ])
    expect((await barn.runs.spec(detail.run.specHash)).inputs).toEqual({
      'dataset://ref': 'dataset://ref@1',
    })
    // Why the gold stage missed: its key's parts, its inputs by content.
    const gold = detail.stages.find((s) => s.stage === 'gold')!
    expect(gold.cache).toMatchObject({
      hit: false,
      components: {
        inputs: {
          'dataset://clean': `${clean.contentHash} jsonl`,
          'dataset://ref': `${ref.contentHash} jsonl`,
        },
        runtime: { engine: expect.any(String), cacheFormat: expect.any(String) },
      },
    })
  })

  it('records a file another stage of the plan wrote as written by that stage', async () => {
    await writeFile(path.join(dir, 'in.csv'), 'id,amount\nR1,10\n')
    const stages = [
      testStage('ingest', raw(1000), {
        sources: [{ uri: 'csv://in.csv' }],
        sinks: [{ uri: 'jsonl://out/mid.jsonl' }],
      }),
      testStage('gold', GOLD, {
        dependsOn: ['ingest'],
        sources: [{ uri: 'jsonl://out/mid.jsonl' }],
        sinks: [{ uri: 'dataset://gold' }],
      }),
    ]
    const result = await run(stages)
    expect(await goldOf(result)).toEqual([{ id: 'R1', amount: 10 }])
    const mid = result.stages[0]!.outputs[0]!.version
    expect((await barn.runDetail(result.runId)).inputs).toEqual([
      { uri: 'csv://in.csv', contentHash: expect.stringMatching(/^sha256:/), pinned: 'file' },
      {
        uri: 'jsonl://out/mid.jsonl',
        contentHash: mid.contentHash,
        pinned: 'stage',
        fromStage: 'ingest',
      },
    ])
  })

  it('a dataset published while the run goes on is not read by it', async () => {
    await barn.datasets.write(Buffer.from('{"id":"X1","amount":1}\n'), {
      name: 'ref',
      format: 'jsonl',
      recordCount: 1,
    })
    // A slow stage runs first; another writer publishes ref@2 meanwhile.
    const stages = [
      testStage('slow', GOLD, {
        sources: [{ uri: 'dataset://ref@1' }],
        steps: [{ kind: 'exec', name: 'slow', command: 'sleep 2; cat', params: {} }],
        sinks: [{ uri: 'dataset://slow' }],
      }),
      testStage('gold', GOLD, {
        dependsOn: ['slow'],
        sources: [{ uri: 'dataset://ref' }],
        sinks: [{ uri: 'dataset://gold' }],
      }),
    ]
    let published: Promise<unknown> | undefined
    const result = await run(stages, {}, (e) => {
      if (e.type === 'stage-started' && e.stage === 'slow')
        published ??= barn.datasets.write(Buffer.from('{"id":"X2","amount":2}\n'), {
          name: 'ref',
          format: 'jsonl',
          recordCount: 1,
        })
    })
    expect((await published) as { version: number }).toMatchObject({ version: 2 })
    expect(await goldOf(result)).toEqual([{ id: 'X1', amount: 1 }])
    const pins = (await barn.runDetail(result.runId)).inputs
    expect(pins.find((p) => p.uri === 'dataset://ref')).toMatchObject({
      ref: 'dataset://ref@1',
      pinned: 'run-start',
    })
  })
})

describe('the cache key covers everything that changes the output', () => {
  it('a byte-identical upstream output is a cache hit downstream', async () => {
    const stages = () =>
      bronzeToGold(raw(1000), {}).map((s) =>
        s.id === 'ingest'
          ? {
              ...s,
              steps: [
                {
                  kind: 'builtin' as const,
                  name: 'filter',
                  params: { condition: 'record.amount < 100' },
                },
              ],
            }
          : s,
      )
    await writeFile(path.join(dir, 'in.csv'), 'id,amount\nR1,10\nR2,5\n')
    const first = await run(stages())
    expect(statuses(first)).toEqual(['succeeded', 'succeeded'])
    // A row the filter drops: the input changed, its output did not.
    await writeFile(path.join(dir, 'in.csv'), 'id,amount\nR1,10\nR2,5\nR3,500\n')
    const second = await run(stages())
    expect(statuses(second)).toEqual(['succeeded', 'cached'])
    expect(await goldOf(second)).toEqual([
      { id: 'R1', amount: 10 },
      { id: 'R2', amount: 5 },
    ])
  })

  it('a changed --param that a derive reads is a miss', async () => {
    await writeFile(path.join(dir, 'in.csv'), 'id,amount\nR1,10\n')
    const stages = () =>
      bronzeToGold(raw(1000), {
        contract: TAGGED,
        steps: [{ kind: 'builtin', name: 'derive', params: { tag: 'params.tag' } }],
      })
    const a = await run(stages(), { tag: 'a', other: 'x' })
    expect(await goldOf(a)).toEqual([{ id: 'R1', amount: 10, tag: 'a' }])
    // A parameter the stage does not read does not matter.
    const again = await run(stages(), { tag: 'a', other: 'y' })
    expect(statuses(again)).toEqual(['cached', 'cached'])
    const b = await run(stages(), { tag: 'b', other: 'y' })
    expect(statuses(b)).toEqual(['cached', 'succeeded'])
    expect(await goldOf(b)).toEqual([{ id: 'R1', amount: 10, tag: 'b' }])
    const gold = (await barn.runDetail(b.runId)).stages.find((s) => s.stage === 'gold')!
    expect(gold.cache?.components.params).toEqual({ tag: 'b' })
  })

  it('an edited exec script is a miss', async () => {
    await writeFile(path.join(dir, 'in.csv'), 'id,amount\nR1,10\nR2,5\n')
    await writeFile(path.join(dir, 'step.sh'), 'cat\n')
    const stages = () =>
      bronzeToGold(raw(1000), {
        steps: [{ kind: 'exec', name: 'step', command: 'sh step.sh', params: {} }],
      })
    const first = await run(stages())
    expect(await goldOf(first)).toHaveLength(2)
    await writeFile(path.join(dir, 'step.sh'), `grep -v '"R2"'\n`)
    const second = await run(stages())
    expect(statuses(second)).toEqual(['cached', 'succeeded'])
    expect(await goldOf(second)).toEqual([{ id: 'R1', amount: 10 }])
    // A script it sources, named nowhere in the command line, counts too.
    await writeFile(path.join(dir, 'step.sh'), '. ./keep.sh\n')
    await writeFile(path.join(dir, 'keep.sh'), `grep -v '"R1"'\n`)
    expect(await goldOf(await run(stages()))).toEqual([{ id: 'R2', amount: 5 }])
    await writeFile(path.join(dir, 'keep.sh'), 'cat\n')
    const sourced = await run(stages())
    expect(statuses(sourced)).toEqual(['cached', 'succeeded'])
    expect(await goldOf(sourced)).toHaveLength(2)
  })

  it('a TypeScript step whose imported local file changed is a miss', async () => {
    await writeFile(path.join(dir, 'in.csv'), 'id,amount\nR1,10\n')
    await writeFile(
      path.join(dir, 'double.ts'),
      `import { defineStep } from '@runink/engine'
import { factor } from './factor.js'
export const Double = defineStep({ map(r: Record<string, unknown>) { return { ...r, amount: Number(r.amount) * factor } } })`,
    )
    await writeFile(path.join(dir, 'factor.ts'), 'export const factor = 2\n')
    const stages = () =>
      bronzeToGold(raw(1000), {
        steps: [
          { kind: 'module', name: 'Double', module: path.join(dir, 'double.ts'), params: {} },
        ],
      })
    expect(await goldOf(await run(stages()))).toEqual([{ id: 'R1', amount: 20 }])
    const again = await run(stages())
    expect(statuses(again)).toEqual(['cached', 'cached'])
    // The step module itself is unchanged; only the file it imports is.
    await writeFile(path.join(dir, 'factor.ts'), 'export const factor = 3\n')
    const changed = await run(stages())
    expect(statuses(changed)).toEqual(['cached', 'succeeded'])
    expect(await goldOf(changed)).toEqual([{ id: 'R1', amount: 30 }])
    const gold = (await barn.runDetail(changed.runId)).stages.find((s) => s.stage === 'gold')!
    expect(gold.cache?.components.code).toEqual({
      'module:double.ts': expect.stringMatching(/^sha256:/),
    })
    expect(gold.cache?.components.runtime.node).toBe(process.versions.node.split('.')[0])
  })

  it("another herd or another mask key is a miss: one herd's outputs never stand for another's", async () => {
    await writeFile(path.join(dir, 'in.csv'), 'id,ssn\nR1,123-45-6789\n')
    const PII = testContract(`
contract: pii
version: 1.0.0
fields:
  id: { type: string, required: true }
  ssn: { type: string, pii: true, mask: hash }
`)
    const stages = () => [
      testStage('ingest', PII, {
        sources: [{ uri: 'csv://in.csv' }],
        steps: [{ kind: 'builtin', name: 'mask', params: {} }],
        sinks: [{ uri: 'dataset://clean' }],
      }),
    ]
    expect(statuses(await run(stages()))).toEqual(['succeeded'])
    expect(statuses(await run(stages()))).toEqual(['cached'])
    const masked = async (r: RunResult) =>
      (await rowsOf(r.stages[0]!.outputs[0]!.version.objectKey))[0]!.ssn
    const rotated = await run(stages(), {}, undefined, { maskKey: 'rotated' })
    expect(statuses(rotated)).toEqual(['succeeded'])
    expect(await masked(rotated)).toMatch(/^hash:/)
    expect(await masked(rotated)).not.toBe(await masked(await run(stages())))
    const other = await run(stages(), {}, undefined, { herd: 'other' })
    expect(statuses(other)).toEqual(['succeeded'])
    expect((await barn.datasets.resolve('dataset://clean', 'other')).runId).toBe(other.runId)
  })
})
