import { fieldSpec } from '../model/index.js'
import { describe, expect, it } from 'vitest'
import type { Contract, FieldSpec } from '../model/index.js'
import { REDACTED } from '../model/index.js'
import { compileValidator } from './compile-validator.js'
import type { ValidationResult } from './validation-result.js'

const f = fieldSpec

function contract(fields: Record<string, FieldSpec>, extra: Partial<Contract> = {}): Contract {
  return { contract: 'c', version: '1.0.0', unknown_fields: 'reject', fields, ...extra }
}

function errorsOf(result: ValidationResult) {
  return result.valid ? [] : result.errors
}

const trades = contract({
  customer: f('object', { fields: { email: f('string', { format: 'email', required: true }) } }),
  legs: f('array', {
    items: f('object', {
      fields: {
        qty: f('int', { min: 1 }),
        fills: f('array', { items: f('array', { items: f('float') }) }),
      },
    }),
  }),
})

describe('nested objects and arrays', () => {
  it('names nested paths', () => {
    const result = compileValidator(trades).validate({
      customer: { email: 'bad' },
      legs: [{ qty: 1 }, { qty: 1 }, { qty: 0, fills: [[1.5], [2, 'x']] }],
    })
    expect(errorsOf(result).map((e) => `${e.path}:${e.rule}`)).toEqual([
      'customer.email:format',
      'legs[2].qty:min',
      'legs[2].fills[1][1]:type',
    ])
  })

  it('reports array holes and missing nested members', () => {
    const result = compileValidator(trades).validate({ customer: {}, legs: [, { qty: 2 }] }) // eslint-disable-line no-sparse-arrays
    expect(errorsOf(result).map((e) => `${e.path}:${e.rule}`)).toEqual([
      'customer.email:required',
      'legs[0]:type',
    ])
  })

  it('converts at every depth in coerce mode', () => {
    const v = compileValidator(trades, { mode: 'coerce' })
    expect(v.validate({ legs: '[{"qty":"3","fills":[["1.5"]]}]' })).toEqual({
      valid: true,
      value: { legs: [{ qty: 3, fills: [[1.5]] }] },
    })
  })
})

describe('unknown_fields', () => {
  const fields = { a: f('int'), inner: f('object', { fields: { b: f('int') } }) }
  const record = { a: 1, inner: { b: 2, y: 3 }, x: 4 }

  it('reject: each unknown member is an error, with a did-you-mean hint', () => {
    const result = compileValidator(contract(fields)).validate({ ...record, inne: 1 })
    expect(errorsOf(result).map((e) => `${e.path}:${e.rule}`)).toEqual([
      'inner.y:unknown_field',
      'x:unknown_field',
      'inne:unknown_field',
    ])
    expect(errorsOf(result)[2]?.message).toBe('inne: unknown field (did you mean "inner"?)')
  })

  it('drop: unknown members leave the output, not the input', () => {
    const result = compileValidator(contract(fields, { unknown_fields: 'drop' })).validate(record)
    expect(result).toEqual({ valid: true, value: { a: 1, inner: { b: 2 } } })
    expect(record.x).toBe(4)
  })

  it('keep: unknown members pass through, also when converting', () => {
    const keep = contract(fields, { unknown_fields: 'keep' })
    const same = compileValidator(keep).validate(record)
    expect(same.valid && same.value).toBe(record)
    const coerced = compileValidator(keep, { mode: 'coerce' }).validate({ a: '1', x: 'y' })
    expect(coerced).toEqual({ valid: true, value: { a: 1, x: 'y' } })
  })

  it('a nested policy wins over the contract policy; the option overrides the contract', () => {
    const mixed = contract({ inner: f('object', { fields: {}, unknown_fields: 'keep' }) })
    expect(compileValidator(mixed).validate({ inner: { z: 1 } }).valid).toBe(true)
    const dropped = compileValidator(contract(fields), { unknownFields: 'drop' }).validate(record)
    expect(dropped).toEqual({ valid: true, value: { a: 1, inner: { b: 2 } } })
  })
})

describe('unique', () => {
  const c = contract({
    id: f('string', { unique: true }),
    n: f('int'),
    tags: f('array', { items: f('int', { unique: true }) }),
  })

  it('is unique per run across records and within one, until reset', () => {
    const v = compileValidator(c)
    expect(v.validate({ id: 'a' }).valid).toBe(true)
    expect(errorsOf(v.validate({ id: 'a' }))).toMatchObject([
      { path: 'id', rule: 'unique', actual: 'a' },
    ])
    expect(errorsOf(v.validate({ id: 'b', tags: [1, 2, 1] }))).toMatchObject([
      { path: 'tags[2]', rule: 'unique' },
    ])
    v.reset()
    expect(v.validate({ id: 'a' }).valid).toBe(true)
  })

  it('does not count the values of rejected records', () => {
    const v = compileValidator(c)
    expect(v.validate({ id: 'a', n: 'bad' }).valid).toBe(false)
    expect(v.validate({ id: 'a', n: 1 }).valid).toBe(true)
  })

  it('compares converted values and timestamps by instant', () => {
    const v = compileValidator(
      contract({ n: f('int', { unique: true }), t: f('timestamp', { unique: true }) }),
      { mode: 'coerce' },
    )
    expect(v.validate({ n: '1', t: '2024-01-01T00:00:00Z' }).valid).toBe(true)
    expect(
      errorsOf(v.validate({ n: '01', t: '2024-01-01T01:00:00+01:00' })).map((e) => e.rule),
    ).toEqual(['unique', 'unique'])
  })
})

describe('masked values', () => {
  const c = contract({
    ssn: f('string', { pattern: '^\\d{3}-\\d{2}-\\d{4}$', mask: 'hash', pii: true, unique: true }),
    age: f('int', { min: 18, mask: 'redact' }),
    code: f('string', { enum: ['A'], length: { max: 1 }, mask: 'tokenize', format: 'uuid' }),
  })
  const hash = `hash:${'a'.repeat(64)}`

  it('are valid as masked: type, pattern, format, enum, length and range are skipped', () => {
    for (const mode of ['strict', 'coerce'] as const) {
      const v = compileValidator(c, { mode })
      expect(v.validate({ ssn: hash, age: REDACTED, code: 'tok:abc_123' })).toEqual({
        valid: true,
        value: { ssn: hash, age: REDACTED, code: 'tok:abc_123' },
      })
    }
  })

  it('only in the form of their own mask kind', () => {
    const result = compileValidator(c).validate({ ssn: REDACTED, age: hash })
    expect(errorsOf(result).map((e) => `${e.path}:${e.rule}`)).toEqual(['ssn:pattern', 'age:type'])
  })

  it('hashes stay unique per run', () => {
    const v = compileValidator(c)
    expect(v.validate({ ssn: hash }).valid).toBe(true)
    expect(errorsOf(v.validate({ ssn: hash })).map((e) => e.rule)).toEqual(['unique'])
  })
})

describe('PII in errors', () => {
  it('masks the actual value of pii fields and of everything inside them', () => {
    const c = contract({
      ssn: f('string', { pii: true, pattern: '^\\d+$', check: 'size(value) > 100' }),
      person: f('object', { pii: true, fields: { name: f('string', { length: { max: 2 } }) } }),
    })
    const result = compileValidator(c).validate({
      ssn: '123-45-6789',
      person: { name: 'Jane Doe' },
    })
    const errors = errorsOf(result)
    expect(errors.map((e) => `${e.path}:${e.rule}:${String(e.actual)}`)).toEqual([
      'ssn:pattern:[pii]',
      'person.name:length:[pii]',
      'ssn:check:[pii]',
    ])
    expect(JSON.stringify(errors)).not.toMatch(/6789|Jane/)
  })

  it('cuts long strings to 200 characters', () => {
    const result = compileValidator(contract({ x: f('int') })).validate({ x: 'y'.repeat(10_000) })
    const actual = errorsOf(result)[0]?.actual as string
    expect(actual.length).toBe(201)
    expect(errorsOf(result)[0]?.message.length).toBeLessThan(300)
  })
})
