import { describe, expect, it } from 'vitest'
import { formatProblem } from './contract-problem.js'

describe('formatProblem', () => {
  it('writes file:line:col: message (hint), leaving out what is unknown', () => {
    const base = {
      code: 'RUNINK_CONTRACT_INVALID_VALUE',
      message: 'fields.a.mask: unknown mask "x"',
    }
    expect(
      formatProblem({ ...base, file: 'c.yaml', line: 3, column: 9, hint: 'one of: hash' }),
    ).toBe('c.yaml:3:9: fields.a.mask: unknown mask "x" (one of: hash)')
    expect(formatProblem({ ...base, file: 'c.yaml' })).toBe(
      'c.yaml: fields.a.mask: unknown mask "x"',
    )
    expect(formatProblem({ ...base, line: 2, column: 1 })).toBe(
      '2:1: fields.a.mask: unknown mask "x"',
    )
    expect(formatProblem(base)).toBe('fields.a.mask: unknown mask "x"')
  })
})
