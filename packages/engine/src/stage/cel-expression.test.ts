import { describe, expect, it } from 'vitest'
import { compileCel } from './cel-expression.js'

describe('compileCel', () => {
  it('runs matches() in a filter in linear time on a hostile record', () => {
    const keep = compileCel('record.name.matches("^(a+)+$")', 'filter')
    expect(keep({ record: { name: 'a'.repeat(5000) + '!' } })).toBe(false)
    expect(keep({ record: { name: 'aaa' } })).toBe(true)
  }, 5000)

  it('refuses a backreference in matches() with a coded error when it compiles', () => {
    expect(() => compileCel('record.name.matches("(a)\\\\1")', 'filter("…")')).toThrow(
      expect.objectContaining({
        code: 'RUNINK_STAGE_BAD_EXPRESSION',
        message: expect.stringContaining('not an RE2 pattern') as unknown,
      }),
    )
  })

  it('refuses an expression nested 100k deep with a coded error, not a stack overflow', () => {
    expect(() => compileCel('!'.repeat(100_000) + 'true', 'filter')).toThrow(
      expect.objectContaining({
        code: 'RUNINK_STAGE_BAD_EXPRESSION',
        message: 'filter: the expression nests deeper than 250 levels (at character 251)',
      }),
    )
  })
})
