import { describe, expect, it } from 'vitest'
import { compileFixture } from '../testing/feature-fixture.js'

const feature = (source: string): string => `@feature(name="Csv")
@contract(path="contracts/")

Feature: Csv

Scenario: Read
  ${source}
  @sink("dataset://read")
  Given the contract: trade
`

describe('CSV options of @source', () => {
  it('puts delimiter= and null= in the plan source; none leaves the plan as before', async () => {
    const { plan, diagnostics } = await compileFixture(
      feature('@source("csv://data/t.tsv", delimiter="\\t", null="NA, null")'),
    )
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(plan!.stages[0]!.sources[0]!.csv).toEqual({ delimiter: '\t', nulls: ['NA', 'null'] })
    const plain = await compileFixture(feature('@source("csv://data/t.tsv")'))
    expect(plain.plan!.stages[0]!.sources[0]).not.toHaveProperty('csv')
  })

  it('refuses a delimiter that is not one character, an empty marker, and options on other schemes', async () => {
    const codes = async (source: string) =>
      (await compileFixture(feature(source))).diagnostics
        .filter((d) => d.severity === 'error')
        .map((d) => [d.code, d.message])
    expect(await codes('@source("csv://data/a.csv", delimiter=";;")')).toEqual([
      ['RUNINK_DSL_BAD_ARGUMENT', expect.stringMatching(/delimiter ";;" is not one character/)],
    ])
    expect(await codes('@source("csv://data/a.csv", delimiter="\\"")')).toHaveLength(1)
    expect(await codes('@source("csv://data/a.csv", null="NA,,null")')).toEqual([
      ['RUNINK_DSL_BAD_ARGUMENT', expect.stringMatching(/has an empty marker/)],
    ])
    expect(await codes('@source("jsonl://data/a.jsonl", null="NA")')).toEqual([
      ['RUNINK_DSL_BAD_ARGUMENT', 'null= applies to csv:// sources, not jsonl://'],
    ])
  })

  it('refuses a .tsv csv:// sink, which would hold commas', async () => {
    const { diagnostics } = await compileFixture(
      feature('@source("csv://data/t.tsv")\n  @sink("csv://out/t.tsv")'),
    )
    expect(diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.hint])).toEqual([
      ['RUNINK_DSL_BAD_URI', 'write out/t.csv (tab-separated sinks are not written yet)'],
    ])
  })
})
