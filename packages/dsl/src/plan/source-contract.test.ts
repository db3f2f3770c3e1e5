import { describe, expect, it } from 'vitest'
import { compileFixture } from '../testing/feature-fixture.js'

const DSL = `@feature(name="Join")
@contract(path="contracts/")

Feature: Join

Scenario: Join
  @source("csv://data/a.csv", contract="trade_raw")
  @source("csv://data/b.csv", table="b")
  @step("sql", query="SELECT * FROM a")
  @sink("dataset://joined")
  @sink("jsonl://out/dlq.jsonl" when "!record.valid")
  Given the contract: trade
`

describe('source contracts in the plan', () => {
  it('pins the contract= of a source so the engine reads that source by it', async () => {
    const { plan, diagnostics } = await compileFixture(DSL)
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    const [a, b] = plan!.stages[0]!.sources
    expect(a!.contract).toEqual({
      name: 'trade_raw',
      version: '1.0.0',
      hash: expect.stringMatching(/^sha256:/),
    })
    expect(b!.contract).toBeUndefined()
    expect(plan!.contracts.map((c) => c.name)).toContain('trade_raw')
  })
})
