import { fieldSpec } from '../model/index.js'
import type { ValidationMode } from '@runink/core'
import { describe, expect, it } from 'vitest'
import type { Contract, FieldSpec } from '../model/index.js'
import { compileValidator } from './compile-validator.js'
import type { ValidationResult } from './validation-result.js'

/** A normalised field spec: every flag present. */
const f = fieldSpec

function contract(fields: Record<string, FieldSpec>, extra: Partial<Contract> = {}): Contract {
  return { contract: 'c', version: '1.0.0', unknown_fields: 'reject', fields, ...extra }
}

/** Validates `{x: value}` against one field `x`; returns the result. */
function one(spec: FieldSpec, value: unknown, mode: ValidationMode = 'strict'): ValidationResult {
  return compileValidator(contract({ x: spec }), { mode }).validate({ x: value })
}

function rules(result: ValidationResult): string[] {
  return result.valid ? [] : result.errors.map((e) => `${e.path}:${e.rule}`)
}

describe('types in strict mode', () => {
  const cases: Array<[FieldSpec['type'], unknown[], unknown[]]> = [
    ['string', ['', 'abc'], [1, true, ['a']]],
    ['int', [0, -5, 9007199254740991], [1.5, '1', 2 ** 53, Number.NaN, 10n]],
    ['float', [1.5, 0, -1e300], ['1.5', Number.POSITIVE_INFINITY, Number.NaN]],
    ['decimal', [12.5, 3], ['12.50', Number.NEGATIVE_INFINITY]],
    ['bool', [true, false], ['true', 1, 0]],
    ['date', ['2024-02-29'], ['2023-02-29', '2024-02-29T00:00:00Z', new Date(0), 20240229]],
    [
      'timestamp',
      ['2024-05-01T10:00:00Z', '2024-05-01 10:00:00.5+02:00'],
      ['2024-05-01T10:00:00', '2024-05-01', new Date(0), 0],
    ],
    ['array', [[], [1, 'a']], ['[]', { length: 0 }]],
    ['object', [{}, { a: 1 }, Object.create(null) as object], [[], new Map(), new Date(0), 'x']],
    [
      'json',
      [{ a: [1, null, 'x'] }, 'text', 3, true, []],
      [{ a: undefined }, [Number.NaN], new Map(), () => 1],
    ],
  ]
  for (const [type, good, bad] of cases) {
    it(type, () => {
      const spec = f(type, { unknown_fields: 'keep' })
      good.forEach((value, i) =>
        expect(one(spec, value), `good ${i}`).toMatchObject({ valid: true }),
      )
      bad.forEach((value, i) => expect(rules(one(spec, value)), `bad ${i}`).toEqual(['x:type']))
    })
  }

  it('returns the same object when nothing is converted or dropped', () => {
    const record = { x: 5 }
    const result = compileValidator(contract({ x: f('int') })).validate(record)
    expect(result.valid && result.value).toBe(record)
  })

  it('names the expected type and the actual value', () => {
    const result = one(f('int'), 'abc')
    expect(result.valid ? [] : result.errors).toEqual([
      {
        path: 'x',
        rule: 'type',
        expected: 'int',
        actual: 'abc',
        message: 'x: expected int, got "abc"',
      },
    ])
  })
})

describe('types in coerce mode', () => {
  const cases: Array<[FieldSpec['type'], Array<[string, unknown]>, string[]]> = [
    ['string', [['abc', 'abc']], []],
    [
      'int',
      [
        ['42', 42],
        ['-7', -7],
      ],
      ['4.2', '1e3', '9007199254740993', 'x'],
    ],
    [
      'float',
      [
        ['1.5', 1.5],
        ['1e3', 1000],
      ],
      ['0x10', 'Infinity', '1,5'],
    ],
    ['decimal', [['12.50', 12.5]], ['1e3', '12345678901234567']],
    [
      'bool',
      [
        ['TRUE', true],
        ['0', false],
      ],
      ['yes'],
    ],
    ['date', [['2024-02-29', '2024-02-29']], ['2023-02-29', '29/02/2024']],
    [
      'timestamp',
      [
        ['2024-05-01 12:00:00+02:00', '2024-05-01T10:00:00.000Z'],
        ['2024-05-01T10:00:00', '2024-05-01T10:00:00.000Z'],
      ],
      ['2024-05-01', 'yesterday'],
    ],
    ['array', [['[1,2]', [1, 2]]], ['{}', '[1,']],
    ['object', [['{"a":1}', { a: 1 }]], ['[]', 'x']],
    [
      'json',
      [
        ['{"a":[1]}', { a: [1] }],
        ['"s"', 's'],
        ['3', 3],
      ],
      ['{a:1}', 'plain text'],
    ],
  ]
  for (const [type, good, bad] of cases) {
    it(type, () => {
      const spec = f(type, { unknown_fields: 'keep' })
      for (const [text, value] of good) {
        expect(one(spec, text, 'coerce'), text).toEqual({ valid: true, value: { x: value } })
      }
      for (const text of bad) {
        const result = one(spec, text, 'coerce')
        expect(rules(result), text).toEqual(['x:type'])
        expect(result.valid ? undefined : result.errors[0]?.actual).toBe(text)
      }
    })
  }

  it('takes typed values as they are', () => {
    expect(one(f('int'), 5, 'coerce')).toEqual({ valid: true, value: { x: 5 } })
    expect(rules(one(f('int'), 5.5, 'coerce'))).toEqual(['x:type'])
  })

  it('reads the empty string as absent: required fails, nullable becomes null, else omitted', () => {
    expect(rules(one(f('int', { required: true }), '', 'coerce'))).toEqual(['x:required'])
    expect(one(f('int', { nullable: true }), '', 'coerce')).toEqual({
      valid: true,
      value: { x: null },
    })
    expect(one(f('string'), '', 'coerce')).toEqual({ valid: true, value: {} })
    expect(one(f('string'), '', 'strict')).toEqual({ valid: true, value: { x: '' } })
  })

  it('does not change the input record', () => {
    const record = { x: '5' }
    compileValidator(contract({ x: f('int') }), { mode: 'coerce' }).validate(record)
    expect(record).toEqual({ x: '5' })
  })
})

describe('constraints', () => {
  it('required and nullable', () => {
    expect(rules(one(f('int', { required: true }), undefined))).toEqual(['x:required'])
    expect(
      compileValidator(contract({ x: f('int', { required: true }) })).validate({}),
    ).toMatchObject({
      valid: false,
      errors: [{ path: 'x', rule: 'required', message: 'x: required field is missing' }],
    })
    expect(one(f('int'), undefined).valid).toBe(true)
    expect(rules(one(f('int'), null))).toEqual(['x:nullable'])
    expect(one(f('int', { nullable: true, required: true }), null).valid).toBe(true)
  })

  it('enum, small and large, in both modes', () => {
    const small = f('string', { enum: ['USD', 'EUR'] })
    expect(one(small, 'EUR').valid).toBe(true)
    expect(one(small, 'JPY')).toMatchObject({
      errors: [{ rule: 'enum', expected: ['USD', 'EUR'], actual: 'JPY' }],
    })
    const large = f('int', { enum: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] })
    expect(one(large, 10).valid).toBe(true)
    expect(rules(one(large, 11))).toEqual(['x:enum'])
    expect(one(large, '10', 'coerce').valid).toBe(true)
    expect(rules(one(large, '11', 'coerce'))).toEqual(['x:enum'])
  })

  it('min and max on numbers, in both modes', () => {
    const spec = f('decimal', { min: 0, max: 100 })
    expect(one(spec, 0).valid && one(spec, 100).valid).toBe(true)
    expect(one(spec, -0.5)).toMatchObject({ errors: [{ rule: 'min', expected: 0, actual: -0.5 }] })
    expect(rules(one(spec, 100.5))).toEqual(['x:max'])
    expect(rules(one(spec, '100.5', 'coerce'))).toEqual(['x:max'])
    expect(rules(one(f('int', { min: '3' }), 2))).toEqual(['x:min'])
  })

  it('min and max on dates and timestamps compare ISO strings as dates and instants', () => {
    const date = f('date', { min: '2024-01-01', max: '2024-12-31' })
    expect(one(date, '2024-06-01').valid).toBe(true)
    expect(rules(one(date, '2023-12-31'))).toEqual(['x:min'])
    expect(rules(one(date, '2025-01-01', 'coerce'))).toEqual(['x:max'])
    const ts = f('timestamp', { min: '2024-01-01T00:00:00Z', max: '2024-12-31' })
    expect(one(ts, '2024-01-01T01:00:00+01:00').valid).toBe(true)
    expect(rules(one(ts, '2024-01-01T00:59:59+01:00'))).toEqual(['x:min'])
    expect(rules(one(ts, '2024-12-31 00:00:01', 'coerce'))).toEqual(['x:max'])
  })

  it('length of strings (code points) and arrays', () => {
    const s = f('string', { length: { min: 2, max: 3 } })
    expect(one(s, 'ab').valid && one(s, '😀😀😀').valid).toBe(true)
    expect(one(s, 'a')).toMatchObject({
      errors: [{ rule: 'length', expected: { min: 2, max: 3 }, actual: 1 }],
    })
    expect(rules(one(s, '😀'))).toEqual(['x:length'])
    expect(rules(one(s, 'abcd', 'coerce'))).toEqual(['x:length'])
    const a = f('array', { length: { min: 1 } })
    expect(rules(one(a, []))).toEqual(['x:length'])
    expect(rules(one(a, '[]', 'coerce'))).toEqual(['x:length'])
  })

  it('pattern', () => {
    const spec = f('string', { pattern: '^T[0-9]{8}$' })
    expect(one(spec, 'T12345678').valid).toBe(true)
    expect(one(spec, 'X1')).toMatchObject({
      errors: [{ rule: 'pattern', expected: '^T[0-9]{8}$' }],
    })
    expect(rules(one(spec, 'T1', 'coerce'))).toEqual(['x:pattern'])
  })

  it('format', () => {
    const spec = f('string', { format: 'email' })
    expect(one(spec, 'a@b.co').valid).toBe(true)
    expect(one(spec, 'nope')).toMatchObject({ errors: [{ rule: 'format', expected: 'email' }] })
    expect(rules(one(f('string', { format: 'currency' }), 'usd', 'coerce'))).toEqual(['x:format'])
  })

  it('check: CEL over value and record, ints as CEL ints', () => {
    const c = contract({
      qty: f('int', { check: 'value + 1 > 2' }),
      price: f('float', { check: 'value > 0 && value < record.limit' }),
      limit: f('int'),
    })
    for (const mode of ['strict', 'coerce'] as const) {
      const v = compileValidator(c, { mode })
      const asMode = (r: Record<string, unknown>) =>
        mode === 'coerce'
          ? Object.fromEntries(Object.entries(r).map(([k, x]) => [k, String(x)]))
          : r
      expect(v.validate(asMode({ qty: 2, price: 1.5, limit: 10 })).valid).toBe(true)
      expect(v.validate(asMode({ qty: 1, price: 11.5, limit: 10 }))).toMatchObject({
        errors: [
          { path: 'qty', rule: 'check', expected: 'value + 1 > 2', actual: 1 },
          { path: 'price', rule: 'check', actual: 11.5 },
        ],
      })
    }
  })

  it('check: an evaluation error is a check error', () => {
    const v = compileValidator(contract({ x: f('string', { check: 'record.missing > 1' }) }))
    const result = v.validate({ x: 'a' })
    expect(rules(result)).toEqual(['x:check'])
    expect(result.valid ? '' : result.errors[0]?.message).toContain('could not be evaluated')
  })

  it('a contract that cannot compile fails at compile time with a coded error', () => {
    expect(() => compileValidator(contract({ x: f('string', { pattern: '(' }) }))).toThrow(
      expect.objectContaining({ code: 'RUNINK_VALIDATE_CONTRACT_INVALID' }),
    )
    expect(() => compileValidator(contract({ x: f('int', { check: '1 +' }) }))).toThrow(
      /not valid CEL/,
    )
    expect(() => compileValidator(contract({ x: f('date', { min: 'soon' }) }))).toThrow(
      /not a date/,
    )
  })

  it('collects all errors of a record, capped by maxErrors', () => {
    const c = contract({ a: f('int'), b: f('int'), c: f('int') })
    const bad = { a: 'x', b: 'y', c: 'z', d: 1 }
    expect(rules(compileValidator(c).validate(bad))).toEqual([
      'a:type',
      'b:type',
      'c:type',
      'd:unknown_field',
    ])
    expect(rules(compileValidator(c, { maxErrors: 2 }).validate(bad))).toEqual(['a:type', 'b:type'])
  })
})
