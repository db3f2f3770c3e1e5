import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { barnFactories, type TestBarn } from '../../testing/barn-factories.js'
import type { StageRunStats } from './stages-repo.js'

describe.each(barnFactories)('stage run stats: $name', (factory) => {
  let t: TestBarn
  beforeAll(async () => {
    t = await factory.open()
  })
  afterAll(() => t.cleanup())

  it('keeps a stage run’s counts, metrics, reasons and evidence, shown in the run detail', async () => {
    const plan = await t.barn.plans.put({ stats: 1 }, { name: 'stats' })
    const { run } = await t.barn.runs.create({ planHash: plan.hash })
    await t.barn.runs.start(run.id)
    const stage = await t.barn.stages.create({
      runId: run.id,
      stage: 'prices',
      nodeHash: 'sha256:n',
    })
    expect(stage.stats).toBeNull()
    const stats: StageRunStats = {
      in: 4,
      out: 0,
      valid: 0,
      invalid: 4,
      filtered: 0,
      added: 0,
      unrouted: 0,
      sinks: { 'dataset://prices': 0, 'jsonl://out/dlq.jsonl': 4 },
      metrics: { seen: 4 },
      reasons: [{ field: 'price', rule: 'min', label: 'price: must be ≥ 0', count: 4 }],
      sample: [
        {
          record: { id: 'a', price: '-1' },
          errors: [{ field: 'price', rule: 'min', message: 'price: -1 is below the minimum 0' }],
          stage: 'prices',
          source: { uri: 'csv://data/prices.csv', position: 1 },
        },
      ],
    }
    await t.barn.stages.transition(stage.id, 'running')
    await t.barn.stages.recordStats(stage.id, stats)
    await t.barn.stages.transition(stage.id, 'failed', { error: 'stage wrote no valid record' })
    expect((await t.barn.stages.getStage(stage.id)).stats).toEqual(stats)
    const detail = await t.barn.runDetail(run.id)
    expect(detail.stages[0]).toMatchObject({ status: 'failed', stats })
    await expect(t.barn.stages.recordStats('no-such-stage', stats)).rejects.toThrow(/no-such-stage/)
  })
})
