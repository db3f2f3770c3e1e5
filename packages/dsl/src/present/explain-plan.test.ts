import { describe, expect, it } from 'vitest'
import { notEnforcedIn } from '../check/not-enforced.js'
import { compileFixture, GOOD_DSL } from '../testing/feature-fixture.js'
import { explainPlan } from './explain-plan.js'

/** GOOD_DSL with every annotation that is not executed yet. */
const ALL = GOOD_DSL.replace(
  '@source("dataset://bronze.trades")',
  '@source("dataset://bronze.trades" @window(5m))\n  @source("s3://bucket/extra.jsonl")',
).replace(
  '@emits("trades.silver")',
  '@emits("trades.silver")\n  @golden("golden/")\n  @auto("add a fx rate")\n  @herd("risk")',
)

describe('explain marks what is not enforced', () => {
  it('marks each annotation the engine does not execute, and nothing else', async () => {
    const r = await compileFixture(ALL)
    if (r.plan === undefined) throw new Error(JSON.stringify(r.diagnostics))
    const text = explainPlan(r.plan, r.display)
    const marked = text.split('\n').filter((l) => l.includes('(not enforced'))
    expect(marked.map((l) => l.trim().split(/\s+/)[0])).toEqual([
      '2.', // herd risk, runs in herd finance
      'reads', // @window
      'reads', // s3://
      'proposes', // @auto
      'resources', // gpu
      'emits',
      'placed',
      'golden',
    ])
    expect(text).toContain('(silver, herd risk (not enforced: a stage runs in the feature')
    expect(text).toContain('window tumbling 5m (not enforced: windows are not applied')
    expect(text).toContain(
      's3://bucket/extra.jsonl  (strict validation)  (not enforced: no connector',
    )
    expect(text).not.toMatch(/1\. Bronze.*not enforced/)
  })

  it('lists the same items for the plan as check reports', async () => {
    const r = await compileFixture(ALL)
    const silver = r.plan?.stages.find((s) => s.id === 'silver')
    if (silver === undefined) throw new Error('no silver')
    expect(notEnforcedIn(silver, 'finance').map((i) => i.what)).toEqual([
      'emits',
      'affinity',
      'golden',
      'auto',
      'herd',
      'gpu',
      'window',
      'scheme',
    ])
    expect(r.diagnostics.filter((d) => d.code === 'RUNINK_DSL_NOT_ENFORCED')).toHaveLength(8)
  })

  it('says when a stage may write no valid record (@empty("allow")), and only then', async () => {
    const plain = await compileFixture(GOOD_DSL)
    expect(explainPlan(plain.plan!, plain.display)).not.toContain('empty   allowed')
    const r = await compileFixture(GOOD_DSL.replace('@emits("trades.silver")', '@empty("allow")'))
    expect(explainPlan(r.plan!, r.display)).toContain(
      'empty   allowed: the stage succeeds even when it writes no valid record',
    )
  })
})
