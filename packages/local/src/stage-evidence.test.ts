import { chmod, mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Barn } from '@runink/store'
import { type RunnableStage, runPipeline, type SliceRunner } from '@runink/engine'
import { testContract, testStage } from '@runink/engine/testing'
import { barnPorts } from './barn-ports.js'
import { openBarnProject, type BarnProject } from './testing/barn-project.js'

const PRICED = testContract(`
contract: priced
version: 1.0.0
fields:
  id: { type: string, required: true }
  price: { type: decimal, required: true, min: 0 }
  currency: { type: string, required: true, enum: [USD, EUR] }
`)

let project: BarnProject
let dir: string
let barn: Barn
let runner: SliceRunner

beforeEach(async () => {
  project = await openBarnProject('runink-evidence-')
  ;({ dir, barn, runner } = project)
  await mkdir(path.join(dir, 'data'))
  await chmod(path.join(dir, 'data'), 0o755)
})
afterEach(() => project.close())

const run = (stages: RunnableStage[]) =>
  runPipeline({
    ...barnPorts(barn),
    plan: { stages: stages.map((s) => s.id) },
    planHash: 'sha256:' + 'b'.repeat(64),
    name: 'evidence',
    herd: 'default',
    stages,
    baseDir: dir,
    runner,
    concurrency: 1,
    maskKey: 'k',
    stagingDir: path.join(dir, '.runink-staging', 'run'),
    noCache: true,
  })

const ALL_BAD = 'id,price,currency\na,-1,USD\nb,-2,EUR\nc,-3,GBP\nd,4,JPY\n'

const priced = (over: Partial<RunnableStage> = {}): RunnableStage =>
  testStage('prices', PRICED, {
    sources: [{ uri: 'csv://data/prices.csv' }],
    sinks: [{ uri: 'dataset://prices' }, { uri: 'jsonl://out/dlq.jsonl', when: '!record.valid' }],
    ...over,
  })

describe('empty is not success; a failed stage keeps its evidence', () => {
  it('fails a stage with no valid record, names the top reasons, and keeps them readable', async () => {
    await writeFile(path.join(dir, 'data', 'prices.csv'), ALL_BAD)
    const result = await run([priced()])
    expect(result.status).toBe('failed')
    const stage = result.stages[0]!
    expect(stage.status).toBe('failed')
    expect(stage.error).toMatch(
      /^stage wrote no valid record: 0 of 4 record\(s\) valid; top reasons: price: must be ≥ 0 \(3\), currency: not one of USD,EUR \(2\)/,
    )
    expect(stage.stats).toMatchObject({ records: { in: 4, out: 0 }, invalid: { count: 4 } })
    // Nothing was published, not even the dead letters: the evidence is in the Barn.
    await expect(barn.datasets.resolve('dataset://prices')).rejects.toThrow()
    const detail = await barn.runDetail(result.runId)
    const kept = detail.stages[0]!.stats
    expect(kept).toMatchObject({ in: 4, out: 0, valid: 0, invalid: 4, filtered: 0 })
    expect(kept?.reasons.map((r) => [r.label, r.count])).toEqual([
      ['price: must be ≥ 0', 3],
      ['currency: not one of USD,EUR', 2],
    ])
    expect(kept?.sample).toHaveLength(4)
    expect(kept?.sample?.[3]).toMatchObject({
      record: { id: 'd', price: '4', currency: 'JPY' },
      errors: [expect.objectContaining({ field: 'currency', rule: 'enum' })],
      stage: 'prices',
      source: { uri: 'csv://data/prices.csv', position: 4 },
    })
  })

  it('lets @empty("allow") pass the same stage, and passes a header-only file', async () => {
    await writeFile(path.join(dir, 'data', 'prices.csv'), ALL_BAD)
    const allowed = await run([priced({ allowEmpty: true })])
    expect(allowed.stages[0]).toMatchObject({ status: 'succeeded' })
    await writeFile(path.join(dir, 'data', 'prices.csv'), 'id,price,currency\n')
    const empty = await run([priced()])
    expect(empty.stages[0]).toMatchObject({
      status: 'succeeded',
      stats: { records: { in: 0, out: 0 } },
    })
  })

  it('keeps the reasons and first records of a stage that failed on unrouted invalid records', async () => {
    await writeFile(
      path.join(dir, 'data', 'prices.csv'),
      'id,price,currency\na,1,USD\nb,-2,EUR\nc,3,EUR\n',
    )
    const result = await run([priced({ sinks: [{ uri: 'dataset://prices' }] })])
    const stage = result.stages[0]!
    expect(stage.error).toContain('record 2 of data/prices.csv: price: -2 is below the minimum 0')
    expect(stage.stats).toMatchObject({ records: { in: 3 }, valid: { count: 2 }, unrouted: 1 })
    const kept = (await barn.runDetail(result.runId)).stages[0]!.stats
    expect(kept).toMatchObject({ in: 3, valid: 2, invalid: 1, unrouted: 1 })
    expect(kept?.sample?.[0]).toMatchObject({
      source: { uri: 'csv://data/prices.csv', position: 2 },
    })
  })

  it('records a successful stage’s counts, filtered records and step metrics', async () => {
    await writeFile(
      path.join(dir, 'data', 'prices.csv'),
      'id,price,currency\na,1,USD\nb,-2,EUR\nc,300,EUR\nd,4,EUR\n',
    )
    await writeFile(
      path.join(dir, 'steps.ts'),
      `import { defineStep } from '@runink/engine'
export const Cheap = defineStep({ map(r: Record<string, unknown>, ctx) { if (Number(r.price) > 100) { ctx.count('expensive'); return null } return r } })
`,
    )
    const result = await run([
      priced({
        steps: [{ kind: 'module', name: 'Cheap', module: path.join(dir, 'steps.ts'), params: {} }],
      }),
    ])
    expect(result.stages[0]).toMatchObject({
      status: 'succeeded',
      stats: { records: { in: 4, out: 2 }, filtered: 1, invalid: { count: 1 } },
    })
    const kept = (await barn.runDetail(result.runId)).stages[0]!.stats
    expect(kept).toEqual({
      in: 4,
      out: 2,
      valid: 2,
      invalid: 1,
      filtered: 1,
      added: 0,
      unrouted: 0,
      sinks: { 'dataset://prices': 2, 'jsonl://out/dlq.jsonl': 1 },
      metrics: { expensive: 1 },
      reasons: [{ field: 'price', rule: 'min', label: 'price: must be ≥ 0', count: 1 }],
    })
  })
})
