import { describe, expect, it } from 'vitest'
import { parseCel } from './parse-cel.js'

describe('parseCel', () => {
  it('runs matches() in linear time: ^(a+)+$ on 5000 a and a ! answers at once', () => {
    const program = parseCel('value.matches("^(a+)+$")')
    expect(program({ value: 'a'.repeat(5000) + '!' })).toBe(false)
    expect(program({ value: 'a'.repeat(5000) })).toBe(true)
  }, 5000)

  it('uses RE2 for matches() inside macros and on a pattern from the data', () => {
    expect(
      parseCel('record.items.all(i, i.matches("^b+$"))')({ record: { items: ['bb', 'b'] } }),
    ).toBe(true)
    expect(parseCel('[1].exists(x, "ab".matches("c"))')({})).toBe(false)
    expect(
      parseCel('value.matches(record.p)')({
        value: 'a'.repeat(5000) + '!',
        record: { p: '^(a|a)*$' },
      }),
    ).toBe(false)
  }, 5000)

  it('refuses a literal pattern RE2 cannot compile when the expression is parsed', () => {
    expect(() => parseCel('value.matches("(a)\\\\1")')).toThrow(
      /not an RE2 pattern: invalid escape sequence/,
    )
    expect(() => parseCel('value.matches("(?=a)b")')).toThrow(/not an RE2 pattern/)
  })

  it('refuses a pattern from the data that RE2 cannot compile when it is evaluated', () => {
    const program = parseCel('value.matches(record.p)')
    expect(() => program({ value: 'a', record: { p: '(a)\\1' } })).toThrow(/not an RE2 pattern/)
  })

  it('refuses expressions nested deeper than the CEL limit with an error, not a stack overflow', () => {
    expect(() => parseCel('('.repeat(100_000) + '1' + ')'.repeat(100_000))).toThrow(
      'the expression nests deeper than 250 levels (at character 251)',
    )
    expect(() => parseCel('!'.repeat(100_000) + 'true')).toThrow('nests deeper than 250 levels')
    expect(() => parseCel('-'.repeat(100_000) + '1')).toThrow('nests deeper than 250 levels')
    expect(parseCel(`"${'('.repeat(300)}" != '${'!'.repeat(300)}'`)({})).toBe(true)
    expect(parseCel(`${'!'.repeat(200)}true`)({})).toBe(true)
  })
})
