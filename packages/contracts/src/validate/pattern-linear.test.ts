import { describe, expect, it } from 'vitest'
import { parseContract } from '../load/index.js'
import { fieldSpec, type Contract } from '../model/index.js'
import { compileValidator } from './compile-validator.js'

const contract = (pattern: string, check?: string): Contract => ({
  contract: 'c',
  version: '1.0.0',
  unknown_fields: 'reject',
  fields: {
    x: fieldSpec('string', { pattern, ...(check === undefined ? {} : { check }) }),
  },
})

describe('pattern constraints run in linear time (RE2)', () => {
  it('^(a+)+$ on 5000 a and a ! is rejected at once, not after minutes of backtracking', () => {
    const validator = compileValidator(contract('^(a+)+$'))
    const evil = 'a'.repeat(5000) + '!'
    expect(validator.validate({ x: evil })).toMatchObject({
      valid: false,
      errors: [{ rule: 'pattern', expected: '^(a+)+$' }],
    })
    expect(validator.validate({ x: 'a'.repeat(5000) }).valid).toBe(true)
  }, 5000)

  it('a check with matches() on the same pattern answers at once too', () => {
    const validator = compileValidator(contract('^a', 'value.matches("^(a|aa)+$")'))
    const result = validator.validate({ x: 'a'.repeat(5000) + '!' })
    expect(result).toMatchObject({ valid: false, errors: [{ rule: 'check' }] })
  }, 5000)

  it('a contract file with the evil pattern loads and validates an evil value quickly', () => {
    const text = 'contract: t\nversion: 1.0.0\nfields:\n  s: { type: string, pattern: "^(a+)+$" }\n'
    const { contract: loaded } = parseContract(text, 'evil.yaml')
    if (loaded === undefined) throw new Error('evil.yaml did not load')
    const result = compileValidator(loaded.model).validate({ s: 'a'.repeat(41) + '!' })
    expect(result.valid).toBe(false)
  }, 5000)

  it('a builder-made spec with a backreference is refused when compiled, with the reason', () => {
    expect(() => compileValidator(contract('(a)\\1'))).toThrow(
      /x: pattern "\(a\)\\\\1": not an RE2 pattern: invalid escape sequence/,
    )
  })
})
