import { describe, expect, it } from 'vitest'
import { besidesNotEnforced, compileFixture, GOOD_DSL } from '../testing/feature-fixture.js'

/** The diagnostics of GOOD_DSL with Silver's filter replaced by `expr` (over contract trade). */
async function filterDiagnostics(expr: string): Promise<string[]> {
  const r = await compileFixture(GOOD_DSL.replace('"record.price > 0.0"', JSON.stringify(expr)))
  return besidesNotEnforced(r.diagnostics).map((d) => `${d.code}: ${d.message}`)
}

describe('nullable fields in CEL (trade.qty is not required)', () => {
  it.each([
    'record.qty != null',
    'null == record.qty',
    'has(record.qty)',
    'record.qty != null && record.qty > 1',
    'has(record.qty) && record.qty > 1',
    'record.qty == null || record.qty > 1',
    '!(record.qty == null) && record.qty * 2 > 4',
    'record.price > 0.0 && record.qty != null && record.qty > 1',
    '(record.qty != null ? record.qty : 0) > 1',
    '(record.qty == null ? 0 : record.qty) > 1',
    'record.qty == 3',
    'record.qty in [1, 2]',
    'record.price > 1.0',
  ])('accepts %s without a warning', async (expr) => {
    expect(await filterDiagnostics(expr)).toEqual([])
  })

  it.each([
    ['record.qty > 1', 'record.qty'],
    ['record.price > 0.0 && record.qty > 1', 'record.qty'],
    ['record.qty > 1 && record.qty != null', 'record.qty'],
    ['record.qty != null || record.qty > 1', 'record.qty'],
    ['(record.qty != null ? 1 : record.qty + 1) > 1', 'record.qty'],
    ['-record.qty < 0', 'record.qty'],
  ])('warns on %s', async (expr, path) => {
    expect(await filterDiagnostics(expr)).toEqual([
      `RUNINK_DSL_CEL_NULLABLE: filter: ${path} may be null (its contract field is not required or is nullable), and this fails on null`,
    ])
  })

  it('types a guarded ternary by its branches (a derive of it is an int)', async () => {
    const r = await compileFixture(
      GOOD_DSL.replace(
        '@step("mask")',
        '@step("mask")\n  @step("derive", status="record.qty == null ? 0 : record.qty")',
      ),
    )
    expect(besidesNotEnforced(r.diagnostics).map((d) => d.message)).toEqual([
      'derive status: the expression is a int, but field status of contract trade_validated is string',
    ])
  })

  it('a renamed nullable field stays nullable; a derived one is not', async () => {
    const dsl = GOOD_DSL.replace(
      '@step("filter", "record.price > 0.0")',
      '@step("rename", qty="amount")\n  @step("derive", n="1")\n  @step("filter", "record.amount > 1 && record.n > 0")',
    )
    const r = await compileFixture(dsl)
    expect(
      r.diagnostics.filter((d) => d.code === 'RUNINK_DSL_CEL_NULLABLE').map((d) => d.message),
    ).toEqual([expect.stringContaining('filter: record.amount may be null')])
  })
})
