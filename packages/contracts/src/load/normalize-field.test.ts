import { describe, expect, it } from 'vitest'
import type { ContractProblem } from './contract-problem.js'
import { parseContract } from './parse-contract.js'

/** The problems of a contract whose only field `f` is declared as `decl` (YAML flow or scalar). */
const problemsOf = (decl: string): ContractProblem[] =>
  parseContract(`contract: t\nversion: 1.0.0\nfields:\n  f: ${decl}\n`).problems

/** One problem, with code and path; returns it for further checks. */
function only(decl: string, code: string, path: string): ContractProblem {
  const problems = problemsOf(decl)
  expect(problems.map((p) => [p.code, p.path])).toEqual([[`RUNINK_CONTRACT_${code}`, path]])
  return problems[0] as ContractProblem
}

describe('field type', () => {
  it('requires a type, pointing at the field name', () => {
    const p = only('{ required: true }', 'MISSING_KEY', 'fields.f.type')
    expect(p).toMatchObject({ line: 4, column: 3 })
    expect(p.message).toBe('fields.f: missing key "type" (every field needs a type)')
  })

  it('suggests the closest type for an unknown one, long form and shorthand', () => {
    const long = only('{ type: strng }', 'INVALID_VALUE', 'fields.f.type')
    expect(long.message).toBe('fields.f.type: unknown type "strng" (did you mean "string"?)')
    expect(long).toMatchObject({ line: 4, column: 14 })
    const short = only('timestmp', 'INVALID_VALUE', 'fields.f')
    expect(short.message).toContain('did you mean "timestamp"?')
    const far = only('{ type: zzzzzzz }', 'INVALID_VALUE', 'fields.f.type')
    expect(far.hint).toContain('string, int, float, decimal, bool, date, timestamp, array')
  })

  it('rejects a field that is neither a type name nor a mapping', () => {
    expect(only('12', 'INVALID_VALUE', 'fields.f').message).toContain('expected a mapping')
    expect(only('[string]', 'INVALID_VALUE', 'fields.f').message).toContain('got a list')
  })

  it('suggests "required" for "requried" and lists keys when there is no close one', () => {
    const p = only('{ type: int, requried: true }', 'UNKNOWN_KEY', 'fields.f.requried')
    expect(p.message).toBe('fields.f: unknown key "requried" (did you mean "required"?)')
    expect(p.hint).toBeUndefined()
    const far = only('{ type: int, colour: red }', 'UNKNOWN_KEY', 'fields.f.colour')
    expect(far.hint).toMatch(/^allowed: type, required, nullable/)
  })
})

describe('field flags and tags', () => {
  it.each(['required', 'nullable', 'unique', 'pii', 'join_key'])('%s must be a boolean', (flag) => {
    const p = only(`{ type: int, ${flag}: "yes" }`, 'INVALID_VALUE', `fields.f.${flag}`)
    expect(p.message).toBe(`fields.f.${flag}: expected true or false, got "yes"`)
  })

  it.each(['access', 'lineage', 'description', 'check', 'pattern'])(
    '%s must be a string',
    (key) => {
      only(`{ type: string, ${key}: 5 }`, 'INVALID_VALUE', `fields.f.${key}`)
      only(`{ type: string, ${key}: "" }`, 'INVALID_VALUE', `fields.f.${key}`)
    },
  )

  it('checks mask and format against their vocabularies', () => {
    expect(
      only('{ type: string, mask: hashh }', 'INVALID_VALUE', 'fields.f.mask').message,
    ).toContain('did you mean "hash"?')
    const format = only('{ type: string, format: emai }', 'INVALID_VALUE', 'fields.f.format')
    expect(format.message).toContain('did you mean "email"?')
  })

  it('rejects unique on containers but accepts the normalised unique: false', () => {
    only('{ type: object, unique: true }', 'INVALID_VALUE', 'fields.f.unique')
    expect(problemsOf('{ type: json, unique: false }')).toEqual([])
  })

  it('rejects a CEL check that does not parse and accepts one that does', () => {
    const p = only('{ type: int, check: "value >" }', 'INVALID_VALUE', 'fields.f.check')
    expect(p.message).toMatch(/^fields\.f\.check: invalid CEL expression: /)
    expect(p.message).not.toContain('\n')
    expect(problemsOf('{ type: int, check: "value % 2 == 0 || record.f > 10" }')).toEqual([])
  })
})

describe('enum', () => {
  it.each([
    ['string', '[a, 1]', 'fields.f.enum[1]'],
    ['int', '[1, 2.5]', 'fields.f.enum[1]'],
    ['decimal', '[1.5, "2"]', 'fields.f.enum[1]'],
    ['bool', '[true, "no"]', 'fields.f.enum[1]'],
    ['date', '[2024-01-01, 2024-13-01]', 'fields.f.enum[1]'],
    ['timestamp', '["2024-01-01T10:00:00Z", "noon"]', 'fields.f.enum[1]'],
  ])('values must fit a %s field', (type, values, path) => {
    const p = only(`{ type: ${type}, enum: ${values} }`, 'INVALID_VALUE', path)
    expect(p.message).toContain('expected')
  })

  it('must be a non-empty list without duplicates', () => {
    only('{ type: string, enum: [] }', 'INVALID_VALUE', 'fields.f.enum')
    only('{ type: string, enum: USD }', 'INVALID_VALUE', 'fields.f.enum')
    const dup = only('{ type: string, enum: [a, b, a] }', 'INVALID_VALUE', 'fields.f.enum[2]')
    expect(dup.message).toContain('duplicate enum value "a"')
  })

  it('does not apply to arrays, objects and json', () => {
    const p = only('{ type: json, enum: [1] }', 'INVALID_VALUE', 'fields.f.enum')
    expect(p.message).toBe('fields.f.enum: "enum" does not apply to json fields')
  })
})

describe('min and max', () => {
  it('apply only to numeric, date and timestamp fields', () => {
    const p = only('{ type: string, min: 1 }', 'INVALID_VALUE', 'fields.f.min')
    expect(p.hint).toBe('min applies to int, float, decimal, date, timestamp fields')
    only('{ type: bool, max: 1 }', 'INVALID_VALUE', 'fields.f.max')
  })

  it('must fit the field type', () => {
    only('{ type: float, min: "0" }', 'INVALID_VALUE', 'fields.f.min')
    only('{ type: date, max: 2024-02-30 }', 'INVALID_VALUE', 'fields.f.max')
    only('{ type: timestamp, min: "2024-01-01T25:00:00Z" }', 'INVALID_VALUE', 'fields.f.min')
    expect(problemsOf('{ type: int, min: 0.5 }')).toEqual([])
  })

  it('must not cross', () => {
    const p = only('{ type: int, min: 5, max: 1 }', 'INVALID_VALUE', 'fields.f.min')
    expect(p.message).toBe('fields.f.min: min 5 is above max 1')
    only('{ type: date, min: 2024-02-01, max: 2024-01-31 }', 'INVALID_VALUE', 'fields.f.min')
    only(
      '{ type: timestamp, min: "2024-01-01T10:00:00Z", max: "2024-01-01T11:00:00+02:00" }',
      'INVALID_VALUE',
      'fields.f.min',
    )
    expect(problemsOf('{ type: decimal, min: 1, max: 1 }')).toEqual([])
  })
})

describe('length, pattern and format', () => {
  it('length is a count or {min, max} of non-negative integers, not crossing', () => {
    only('{ type: string, length: -1 }', 'INVALID_VALUE', 'fields.f.length')
    only('{ type: string, length: { min: 1.5 } }', 'INVALID_VALUE', 'fields.f.length.min')
    only('{ type: string, length: {} }', 'INVALID_VALUE', 'fields.f.length')
    only('{ type: string, length: { min: 3, max: 2 } }', 'INVALID_VALUE', 'fields.f.length')
    only('{ type: string, length: { mni: 3 } }', 'UNKNOWN_KEY', 'fields.f.length.mni')
  })

  it('length applies to strings and arrays only', () => {
    only('{ type: int, length: 3 }', 'INVALID_VALUE', 'fields.f.length')
    expect(problemsOf('{ type: array, items: int, length: { max: 3 } }')).toEqual([])
  })

  it('pattern must compile and applies to strings only', () => {
    const p = only('{ type: string, pattern: "([a-z" }', 'INVALID_VALUE', 'fields.f.pattern')
    expect(p.message).toContain('not an RE2 pattern: missing closing ]')
    only('{ type: int, pattern: "^[0-9]+$" }', 'INVALID_VALUE', 'fields.f.pattern')
  })

  it('refuses a backreference or lookaround pattern at load, with its line and column', () => {
    const back = only('{ type: string, pattern: "(a)\\\\1" }', 'INVALID_VALUE', 'fields.f.pattern')
    expect(back.message).toContain('not an RE2 pattern: invalid escape sequence')
    expect(back.message).toContain('backreferences and lookaround are not supported')
    expect(back).toMatchObject({ line: 4, column: 31 })
    only('{ type: string, pattern: "^(?=a)b$" }', 'INVALID_VALUE', 'fields.f.pattern')
    only('{ type: string, pattern: "(?<=a)b" }', 'INVALID_VALUE', 'fields.f.pattern')
  })

  it('refuses an invalid CEL matches() pattern in a check at load', () => {
    const p = only(
      '{ type: string, check: "value.matches(\'^(?=a)\')" }',
      'INVALID_VALUE',
      'fields.f.check',
    )
    expect(p.message).toContain('not an RE2 pattern')
  })

  it('format applies to strings only', () => {
    only('{ type: date, format: uuid }', 'INVALID_VALUE', 'fields.f.format')
  })
})

describe('arrays and objects', () => {
  it('an array needs items, in long form and shorthand', () => {
    only('{ type: array }', 'MISSING_KEY', 'fields.f.items')
    only('array', 'MISSING_KEY', 'fields.f.items')
  })

  it('items and fields apply only to their container type', () => {
    only('{ type: string, items: int }', 'INVALID_VALUE', 'fields.f.items')
    only('{ type: array, items: int, fields: {} }', 'INVALID_VALUE', 'fields.f.fields')
    only('{ type: string, unknown_fields: keep }', 'INVALID_VALUE', 'fields.f.unknown_fields')
  })

  it('reports problems inside nested specs with their full path', () => {
    only(
      '{ type: array, items: { type: object, fields: { qty: { type: int, max: x } } } }',
      'INVALID_VALUE',
      'fields.f.items.fields.qty.max',
    )
    only('{ type: object, fields: [a] }', 'INVALID_VALUE', 'fields.f.fields')
    only('{ type: object, unknown_fields: kep }', 'INVALID_VALUE', 'fields.f.unknown_fields')
  })

  it('an object without fields is allowed and keeps no fields key', () => {
    const { contract } = parseContract('contract: t\nversion: 1.0.0\nfields:\n  f: object\n')
    expect(contract?.model.fields.f).not.toHaveProperty('fields')
  })
})
