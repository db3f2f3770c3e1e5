import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { fixedClock } from '@runink/core'
import { barnFactories, type TestBarn } from '../../testing/barn-factories.js'
import { testPlan } from '../../testing/test-plan.js'

const hex = (c: string): string => c.repeat(64)
const plan = (c: string): string => `sha256:${hex(c)}`

describe.each(barnFactories)('pipelines: $name', (factory) => {
  let t: TestBarn
  const clock = fixedClock(new Date('2026-05-01T10:00:00.000Z'))
  beforeAll(async () => {
    t = await factory.open({ clock })
    await t.barn.herds.ensure('finance')
    await t.barn.herds.ensure('ops')
  })
  afterAll(() => t.cleanup())

  const upload = (herd: string, name: string, planHash: string, bundleHash: string) =>
    t.barn.pipelines.register({ herd, name, planHash, bundleHash, feature: 'p.dsl' }, 'alice')

  it('numbers versions per herd and name; the same upload again is the same version', async () => {
    const first = await upload('finance', 'trades', plan('a'), hex('1'))
    expect(first).toEqual({
      created: true,
      pipeline: {
        id: expect.any(String),
        herd: 'finance',
        name: 'trades',
        version: 1,
        planHash: plan('a'),
        bundleHash: hex('1'),
        feature: 'p.dsl',
        createdAt: clock.now(),
        createdBy: 'alice',
      },
    })
    expect(await upload('finance', 'trades', plan('a'), hex('1'))).toEqual({
      created: false,
      pipeline: first.pipeline,
    })
    // New bytes with the same plan (a changed data file) and a new plan are both new versions.
    expect((await upload('finance', 'trades', plan('a'), hex('2'))).pipeline.version).toBe(2)
    expect((await upload('finance', 'trades', plan('b'), hex('2'))).pipeline.version).toBe(3)
    // Going back to an older bundle is a new version too: only the latest is compared.
    expect((await upload('finance', 'trades', plan('a'), hex('1'))).pipeline.version).toBe(4)
    // Another herd's pipeline of the same name has its own versions.
    expect((await upload('ops', 'trades', plan('a'), hex('1'))).pipeline.version).toBe(1)
    const versions = await t.barn.pipelines.versions('finance', 'trades')
    expect(versions.map((v) => [v.version, v.planHash, v.bundleHash])).toEqual([
      [4, plan('a'), hex('1')],
      [3, plan('b'), hex('2')],
      [2, plan('a'), hex('2')],
      [1, plan('a'), hex('1')],
    ])
    expect((await t.barn.pipelines.get('finance', 'trades'))?.version).toBe(4)
    expect((await t.barn.pipelines.get('finance', 'trades', 2))?.bundleHash).toBe(hex('2'))
    expect(await t.barn.pipelines.get('finance', 'trades', 9)).toBeUndefined()
    expect(await t.barn.pipelines.get('finance', 'nope')).toBeUndefined()
    expect(await t.barn.pipelines.versions('finance', 'nope')).toEqual([])
    const audited = await t.barn.audit.query({ action: 'pipeline.create', herd: 'finance' })
    expect(audited.map((e) => e.resource)).toEqual(
      [1, 2, 3, 4].map((v) => `pipeline/finance/trades/${v}`),
    )
    expect(audited[0]?.actor).toBe('alice')
  })

  it('gives concurrent uploads of one pipeline dense versions, and the same bundle one version', async () => {
    const all = await Promise.all(
      ['c', 'd', 'e', 'c'].map((c, i) => upload('finance', 'race', plan(c), hex(String(i)))),
    )
    expect(all.map((r) => r.pipeline.version).sort()).toEqual([1, 2, 3, 4])
    const same = await Promise.all([1, 2, 3].map(() => upload('ops', 'same', plan('f'), hex('f'))))
    expect(same.map((r) => r.pipeline.version)).toEqual([1, 1, 1])
    expect(same.filter((r) => r.created)).toHaveLength(1)
  })

  it('lists the latest version of each of a herd’s pipelines, by name, a page at a time', async () => {
    await upload('ops', 'alpha', plan('a'), hex('a'))
    await upload('ops', 'alpha', plan('b'), hex('a'))
    const all = await t.barn.pipelines.list({ herd: 'ops' })
    expect(all.map((p) => [p.name, p.version])).toEqual([
      ['alpha', 2],
      ['same', 1],
      ['trades', 1],
    ])
    const page = await t.barn.pipelines.list({ herd: 'ops', limit: 1, after: 'alpha' })
    expect(page.map((p) => p.name)).toEqual(['same'])
    expect(await t.barn.pipelines.list({ herd: 'nobody' })).toEqual([])
  })

  it('refuses a herd that does not exist, and keeps versions immutable', async () => {
    await expect(upload('nobody', 'x', plan('a'), hex('a'))).rejects.toMatchObject({
      code: 'RUNINK_STORE_NOT_FOUND',
    })
    await expect(
      t.barn.db.updateTable('pipelines').set({ version: 99 }).where('name', '=', 'alpha').execute(),
    ).rejects.toThrow(/immutable/)
    await expect(
      t.barn.db.deleteFrom('pipelines').where('name', '=', 'alpha').execute(),
    ).rejects.toThrow(/immutable/)
  })

  it('records which version a run ran', async () => {
    const { pipeline } = await upload('finance', 'ran', plan('9'), hex('9'))
    const stored = await t.barn.plans.put(testPlan(), { name: 'ran', herd: 'finance' })
    const { run } = await t.barn.runs.create({ planHash: stored.hash, herd: 'finance' })
    await t.barn.pipelines.recordRun(run.id, pipeline.id)
    await t.barn.pipelines.recordRun(run.id, pipeline.id)
    const other = await t.barn.runs.create({ planHash: stored.hash, herd: 'finance' })
    const of = await t.barn.pipelines.ofRuns([run.id, other.run.id])
    expect([...of.keys()]).toEqual([run.id])
    expect(of.get(run.id)).toEqual(pipeline)
    expect(await t.barn.pipelines.ofRuns([])).toEqual(new Map())
    await expect(t.barn.pipelines.recordRun(run.id, 'no-such-version')).rejects.toMatchObject({
      code: 'RUNINK_STORE_NOT_FOUND',
    })
  })
})
