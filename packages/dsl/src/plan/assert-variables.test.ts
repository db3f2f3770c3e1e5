import { describe, expect, it } from 'vitest'
import { besidesNotEnforced, compileFixture, GOOD_DSL } from '../testing/feature-fixture.js'

describe('ASSERT_VARIABLES', () => {
  it('lets @assert read the filtered and added counts', async () => {
    const dsl = GOOD_DSL.replace(
      '@assert("invalid.ratio < 0.05 && records.out > 0")',
      '@assert("filtered.count < 10 && added.count == 0")',
    )
    const r = await compileFixture(dsl)
    expect(besidesNotEnforced(r.diagnostics)).toEqual([])
    expect(r.plan?.stages[1]?.asserts).toEqual(['filtered.count < 10 && added.count == 0'])
  })
})
