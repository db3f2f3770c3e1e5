import { describe, expect, it } from 'vitest'
import { canonicalJson } from '@runink/core'
import { compileFixture, GOOD_DSL, PROJECT } from '../testing/feature-fixture.js'

async function hashOf(dsl: string, extra: Record<string, string> = {}): Promise<string> {
  const r = await compileFixture(dsl, extra)
  const errors = r.diagnostics.filter((d) => d.severity === 'error')
  if (r.planHash === undefined) throw new Error(JSON.stringify(errors, null, 1))
  return r.planHash
}

/** The same feature, laid out differently, with other comments and other prose. */
const REFORMATTED = GOOD_DSL.replace('# Trades, end to end.', '# A different header comment\n\n\n')
  .replace('Ingest and validate trades.', 'Completely different prose.\n  Over two lines.')
  .replace('---\n', '')
  .replace(
    '  When raw trades arrive',
    '  When something else happens\n  Then a different sentence # with a comment-looking tail',
  )
  .replace(
    '@step("filter", "record.price > 0.0")',
    '@step( "filter" ,   "record.price>0.0" )   # trailing comment',
  )
  .replace(
    '@requires(cpu="500m", memory="256Mi", gpu=1, timeout="5m")',
    '@requires(\n    cpu="500m",\n    memory="256Mi", gpu=1,\n    timeout="5m")',
  )
  .replace('Scenario: Silver', 'Scenario:    Silver   ')
  .replace(/\n {2}@/g, '\n      @')

describe('planHash', () => {
  it('is the same across runs and the plan is byte-identical', async () => {
    const a = await compileFixture(GOOD_DSL)
    const b = await compileFixture(GOOD_DSL)
    expect(a.planHash).toBe(b.planHash)
    expect(canonicalJson(a.plan)).toBe(canonicalJson(b.plan))
    expect(JSON.stringify(a.plan)).toBe(JSON.stringify(b.plan))
  })

  it('ignores whitespace, comments, separators, prose and narrative lines', async () => {
    expect(REFORMATTED).not.toBe(GOOD_DSL)
    expect(await hashOf(REFORMATTED)).toBe(await hashOf(GOOD_DSL))
    const r = await compileFixture(REFORMATTED)
    expect(r.display?.feature.description).toEqual([
      'Completely different prose.',
      'Over two lines.',
    ])
  })

  it('ignores the order of scenarios in the file (stages are ordered topologically)', async () => {
    const [head, bronze, silver] = GOOD_DSL.split(/(?=Scenario: )/)
    expect(await hashOf(`${head ?? ''}${silver ?? ''}\n${bronze ?? ''}`)).toBe(
      await hashOf(GOOD_DSL),
    )
  })

  const SEMANTIC_EDITS: ReadonlyArray<readonly [string, string, string]> = [
    ['a resource', 'cpu="500m"', 'cpu="1"'],
    ['a retry', 'attempts=3', 'attempts=4'],
    ['a filter', 'record.price > 0.0', 'record.price > 1.0'],
    [
      'a sink condition',
      'when "!record.valid")\n  @requires',
      'when "!record.valid || record.price > 9.0")\n  @requires',
    ],
    ['an assert', 'invalid.ratio < 0.05', 'invalid.ratio < 0.01'],
    ['a source URI', 'csv://data/trades.csv', 'csv://data/trades2.csv'],
    ['a sink role', 'role=ops', 'role=audit'],
    [
      'step order',
      '@step("Enrich")\n  @step("mask")',
      '@step("Enrich")\n  @step("validate")\n  @step("mask")',
    ],
    ['the feature version', 'version="1.0.0"', 'version="1.0.1"'],
    ['the herd', 'herd="finance"', 'herd="risk"'],
    ['a scenario name', 'Scenario: Bronze', 'Scenario: Raw'],
    ['a meta value', 'vendor="acme"', 'vendor="other"'],
    ['@cache', '@emits("trades.silver")', '@emits("trades.silver")\n  @cache(false)'],
  ]
  for (const [what, from, to] of SEMANTIC_EDITS) {
    it(`changes when ${what} changes`, async () => {
      const edited = GOOD_DSL.replace(from, to).replace(
        'colocate_with="Bronze"',
        to === 'Scenario: Raw' ? 'colocate_with="Raw"' : 'colocate_with="Bronze"',
      )
      expect(edited).not.toBe(GOOD_DSL)
      expect(await hashOf(edited)).not.toBe(await hashOf(GOOD_DSL))
    })
  }

  it('changes when step code or a contract changes, and with it only the affected stage hashes', async () => {
    const base = await compileFixture(GOOD_DSL)
    const code = await compileFixture(GOOD_DSL, {
      '/p/steps/trades.ts': `${PROJECT['/p/steps/trades.ts'] ?? ''}\n// edited\n`,
    })
    expect(code.planHash).not.toBe(base.planHash)
    expect(code.plan?.stages.map((s) => s.hash)).not.toEqual(base.plan?.stages.map((s) => s.hash))
    const contract = (PROJECT['/p/contracts/trade_validated.yaml'] ?? '').replace(
      '[ok, late]',
      '[ok, late, lost]',
    )
    const changed = await compileFixture(GOOD_DSL, {
      '/p/contracts/trade_validated.yaml': contract,
    })
    expect(changed.planHash).not.toBe(base.planHash)
    expect(changed.plan?.stages[0]?.hash).toBe(base.plan?.stages[0]?.hash)
    expect(changed.plan?.stages[1]?.hash).not.toBe(base.plan?.stages[1]?.hash)
  })
})
