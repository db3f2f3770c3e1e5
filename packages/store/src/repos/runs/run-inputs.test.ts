import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { barnFactories, type TestBarn } from '../../testing/barn-factories.js'
import type { CacheKeyParts } from '../datasets/cache-repo.js'

describe.each(barnFactories)('run pins and stage cache keys: $name', (factory) => {
  let t: TestBarn
  beforeAll(async () => {
    t = await factory.open()
  })
  afterAll(() => t.cleanup())

  async function startedRun() {
    const plan = await t.barn.plans.put({ pins: 1 }, { name: 'pins' })
    const { run } = await t.barn.runs.create({ planHash: plan.hash })
    await t.barn.runs.start(run.id)
    return run
  }

  it('records each source of a run once, and shows the pins in the run detail', async () => {
    const run = await startedRun()
    const v = await t.barn.datasets.write(Buffer.from('{"a":1}\n'), {
      name: 'pins.in',
      format: 'jsonl',
      recordCount: 1,
    })
    const pin = {
      uri: 'dataset://pins.in',
      ref: v.ref,
      contentHash: v.contentHash,
      pinned: 'run-start' as const,
    }
    await t.barn.runs.pin(run.id, [
      pin,
      { uri: 'csv://a.csv', contentHash: 'sha256:ff', pinned: 'file' },
    ])
    // A second stage reading the same URI reads the same version: the first record stands.
    await t.barn.runs.pin(run.id, [{ ...pin, ref: 'dataset://pins.in@9', pinned: 'explicit' }])
    expect(await t.barn.runs.pins(run.id)).toEqual([
      { uri: 'csv://a.csv', contentHash: 'sha256:ff', pinned: 'file' },
      pin,
    ])
    expect((await t.barn.runDetail(run.id)).inputs).toHaveLength(2)
    await expect(
      t.barn.db.updateTable('run_inputs').set({ ref: 'x' }).where('run_id', '=', run.id).execute(),
    ).rejects.toThrow()
  })

  it("keeps each stage run's cache key and its components, shown in the run detail", async () => {
    const run = await startedRun()
    const stage = await t.barn.stages.create({ runId: run.id, stage: 's', nodeHash: 'sha256:n' })
    const parts: CacheKeyParts = {
      nodeHash: 'sha256:n',
      code: { 'exec:step.sh': 'sha256:01' },
      contractHashes: ['sha256:c'],
      inputs: { 'csv://a.csv': 'sha256:ff csv' },
      params: { tag: 'a' },
      runtime: { engine: '0.1.0', cacheFormat: '2' },
    }
    const key = await t.barn.cache.noteStage({
      stageRunId: stage.id,
      runId: run.id,
      parts,
      hit: false,
    })
    const detail = await t.barn.runDetail(run.id)
    expect(detail.stages[0]!.cache).toEqual({ key, hit: false, components: parts })
  })

  it('reuses a hit as one unit: republishes only outputs whose latest bytes differ, or nothing', async () => {
    const run = await startedRun()
    const write = (name: string, body: string) =>
      t.barn.datasets.write(Buffer.from(body), { name, format: 'jsonl', recordCount: 1 })
    const a1 = await write('reuse.a', '{"a":1}\n')
    await write('reuse.a', '{"a":2}\n')
    const b1 = await write('reuse.b', '{"b":1}\n')
    const stage = await t.barn.stages.create({ runId: run.id, stage: 'r', nodeHash: 'sha256:r' })
    const [a, b] = await t.barn.cache.reuse({
      outputs: [a1, b1],
      herd: 'default',
      runId: run.id,
      stageRunId: stage.id,
    })
    // a's latest (@2) holds other bytes: a1's are published again as @3, of this run.
    expect(a).toMatchObject({
      ref: 'dataset://reuse.a@3',
      contentHash: a1.contentHash,
      runId: run.id,
    })
    expect(b).toEqual(b1)
    expect((await t.barn.stages.ofRun(run.id))[0]).toMatchObject({
      status: 'cached',
      cacheHit: true,
    })

    // A stage run that cannot become cached (it is already): nothing is published.
    await write('reuse.a', '{"a":4}\n')
    await expect(
      t.barn.cache.reuse({ outputs: [a1], herd: 'default', runId: run.id, stageRunId: stage.id }),
    ).rejects.toMatchObject({ code: 'RUNINK_STORE_BAD_TRANSITION' })
    expect((await t.barn.datasets.resolve('dataset://reuse.a')).version).toBe(4)
  })
})
