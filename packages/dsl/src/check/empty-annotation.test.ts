import { describe, expect, it } from 'vitest'
import { besidesNotEnforced, compileFixture, GOOD_DSL } from '../testing/feature-fixture.js'

const withSilver = (annotation: string): string =>
  GOOD_DSL.replace('@emits("trades.silver")', `@emits("trades.silver")\n  ${annotation}`)

describe('@empty', () => {
  it('marks a stage that may read records and write none; absent, plans keep their hashes', async () => {
    const plain = await compileFixture(GOOD_DSL)
    const allowed = await compileFixture(withSilver('@empty("allow")'))
    expect(besidesNotEnforced(allowed.diagnostics)).toEqual([])
    const silver = allowed.plan?.stages[1]
    expect(silver?.allowEmpty).toBe(true)
    expect(plain.plan?.stages[1]).not.toHaveProperty('allowEmpty')
    // Allowing an empty output changes the stage (its hash), not its neighbour.
    expect(silver?.hash).not.toBe(plain.plan?.stages[1]?.hash)
    expect(allowed.plan?.stages[0]?.hash).toBe(plain.plan?.stages[0]?.hash)
    const failing = await compileFixture(withSilver('@empty("fail")'))
    expect(failing.plan?.stages[1]?.hash).toBe(plain.plan?.stages[1]?.hash)
  })

  it('takes only "allow" or "fail", once per scenario', async () => {
    const bad = await compileFixture(withSilver('@empty("maybe")'))
    expect(besidesNotEnforced(bad.diagnostics).map((d) => [d.code, d.message])).toEqual([
      ['RUNINK_DSL_BAD_ARGUMENT', '@empty takes "allow" or "fail", not "maybe"'],
    ])
    const twice = await compileFixture(withSilver('@empty("allow")\n  @empty("allow")'))
    expect(besidesNotEnforced(twice.diagnostics).map((d) => d.message)).toEqual([
      '@empty may appear once per scenario',
    ])
    const none = await compileFixture(withSilver('@empty()'))
    expect(besidesNotEnforced(none.diagnostics).map((d) => d.code)).toEqual([
      'RUNINK_DSL_MISSING_ARGUMENT',
    ])
  })
})
