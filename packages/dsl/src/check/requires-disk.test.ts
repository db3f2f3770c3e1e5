import { describe, expect, it } from 'vitest'
import { explainPlan } from '../present/explain-plan.js'
import { besidesNotEnforced, compileFixture, GOOD_DSL } from '../testing/feature-fixture.js'

const REQUIRES = '@requires(cpu="500m", memory="256Mi", gpu=1, timeout="5m")'

describe('@requires(disk=…)', () => {
  it('compiles into the stage resources and shows in the explained plan', async () => {
    const dsl = GOOD_DSL.replace(REQUIRES, '@requires(memory="256Mi", disk="2Gi")')
    const r = await compileFixture(dsl)
    expect(besidesNotEnforced(r.diagnostics)).toEqual([])
    const silver = r.plan?.stages.find((s) => s.id === 'silver')
    expect(silver?.resources).toEqual({ memoryBytes: 256 * 2 ** 20, diskBytes: 2 * 2 ** 30 })
    expect(explainPlan(r.plan!, r.display)).toContain('memory 256Mi, disk 2Gi')
  })

  it('reports a disk size that does not parse where it is written', async () => {
    const r = await compileFixture(GOOD_DSL.replace(REQUIRES, '@requires(disk="lots")'))
    expect(besidesNotEnforced(r.diagnostics)).toEqual([
      expect.objectContaining({
        code: 'RUNINK_DSL_BAD_RESOURCE',
        message: 'disk "lots" does not parse',
      }),
    ])
  })
})
