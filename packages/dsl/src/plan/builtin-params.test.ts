import { describe, expect, it } from 'vitest'
import type { PlanStep } from './plan.js'
import { compileFixture } from '../testing/feature-fixture.js'

/** The plan steps of a one-stage feature whose scenario holds `steps`. */
async function stepsOf(...steps: string[]): Promise<readonly PlanStep[]> {
  const { plan, diagnostics } = await compileFixture(`@feature(name="Params")
@contract(path="contracts/")

Feature: Params

Scenario: Params
  @source("csv://data/a.csv", contract="trade_raw")
${steps.map((s) => `  ${s}`).join('\n')}
  @sink("jsonl://out/all.jsonl" when "true")
  Given the contract: trade_raw
`)
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  return plan!.stages[0]!.steps
}

describe('built-in step parameters in the plan', () => {
  it('carries the main parameter under its canonical name, however it was written', async () => {
    const steps = await stepsOf(
      '@step("filter", "record.id != \'\'")',
      '@step("filter", expr="record.id != \'\'")',
      '@step("filter", condition="record.id != \'\'")',
      '@step(filter="record.id != \'\'")',
      '@step("sql", "SELECT * FROM input")',
      '@step("sql", query="SELECT * FROM input")',
      '@step(sql="SELECT * FROM input")',
    )
    const params = steps.map((s) => s.params)
    expect(params.slice(0, 4)).toEqual(Array(4).fill({ condition: 'record.id != ""' }))
    expect(params.slice(4)).toEqual(Array(3).fill({ sql: 'SELECT * FROM input' }))
  })

  it('writes lists as arrays and quality counts as numbers', async () => {
    const steps = await stepsOf(
      '@step("select", "id, price")',
      '@step("select", fields="id,price")',
      '@step("dedupe", key="id")',
      '@step("quality", not_null="id,price", min_rows=1)',
    )
    expect(steps.map((s) => s.params)).toEqual([
      { fields: ['id', 'price'] },
      { fields: ['id', 'price'] },
      { key: ['id'] },
      { not_null: ['id', 'price'], min_rows: 1 },
    ])
  })
})
