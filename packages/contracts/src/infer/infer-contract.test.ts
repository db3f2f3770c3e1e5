import { describe, expect, it } from 'vitest'
import type { Contract, FieldSpec } from '../model/index.js'
import { compileValidator } from '../validate/index.js'
import { inferContract } from './infer-contract.js'

/** Rows of one CSV-like column `x` (plus an `i` column so every row has a value somewhere). */
function column(values: readonly string[], name = 'x'): Record<string, unknown>[] {
  return values.map((v, i) => ({ i: String(i), [name]: v }))
}

function spec(result: { contract: Contract }, name = 'x'): FieldSpec {
  return result.contract.fields[name] as FieldSpec
}

function textual(values: readonly string[], name = 'x'): FieldSpec {
  return spec(inferContract(column(values, name), { name: 't', textual: true }), name)
}

function typed(values: readonly unknown[], name = 'x'): FieldSpec {
  return spec(
    inferContract(
      values.map((v) => ({ [name]: v })),
      { name: 't', textual: false },
    ),
    name,
  )
}

/** The records all validate against the contract. */
function expectValidates(
  contract: Contract,
  records: readonly Record<string, unknown>[],
  textMode: boolean,
) {
  const validator = compileValidator(contract, { mode: textMode ? 'coerce' : 'strict' })
  for (const r of records) {
    const result = validator.validate(r)
    expect(result.valid ? [] : result.errors).toEqual([])
  }
}

describe('inferContract from CSV-like text', () => {
  it('detects types by the coerce-mode rules', () => {
    expect(textual(['1', '-20', '+3']).type).toBe('int')
    expect(textual(['1.5', '2', '1e3']).type).toBe('float')
    expect(textual(['1.50', '20.25', '3'], 'price').type).toBe('decimal')
    expect(textual(['19', '25'], 'total_amount').type).toBe('decimal')
    expect(textual(['1.123456', '2'], 'price').type).toBe('float')
    expect(textual(['true', 'FALSE', '1']).type).toBe('bool')
    expect(textual(['0', '1', '1']).type).toBe('int')
    expect(textual(['0', '1', '1'], 'is_active').type).toBe('bool')
    expect(textual(['2024-02-29', '2023-01-01']).type).toBe('date')
    expect(
      textual(['2024-02-29T10:00:00Z', '2024-02-29 10:00:00', '2024-01-01T00:00:00.5+02:00']).type,
    ).toBe('timestamp')
    expect(textual(['2024-02-30']).type).toBe('string')
    expect(textual(['1', 'a']).type).toBe('string')
  })

  it('keeps identifiers with leading zeros or past 2^53 as strings', () => {
    expect(textual(['01234', '98765']).type).toBe('string')
    expect(textual(['123456789012345678901']).type).toBe('string')
  })

  it('detects formats when every value matches', () => {
    expect(textual(['a@b.io', 'x.y@example.com']).format).toBe('email')
    expect(textual(['0190f1b2-3c4d-7e8f-9a0b-1c2d3e4f5a6b']).format).toBe('uuid')
    expect(textual(['https://a.io/x', 'ftp://files.example.com']).format).toBe('uri')
    expect(textual(['10.0.0.1', '192.168.1.254']).format).toBe('ipv4')
    expect(textual(['a@b.io', 'nope']).format).toBeUndefined()
    expect(textual(['a:b']).format).toBeUndefined()
  })

  it('guesses small enums from at least 20 records with every value repeated', () => {
    const cycle = (n: number, vals: string[]) =>
      Array.from({ length: n }, (_, i) => vals[i % vals.length] as string)
    expect(textual(cycle(20, ['USD', 'EUR', 'GBP'])).enum).toEqual(['USD', 'EUR', 'GBP'])
    expect(textual(cycle(19, ['USD', 'EUR', 'GBP'])).enum).toBeUndefined()
    expect(textual([...cycle(20, ['USD', 'EUR']), 'JPY']).enum).toBeUndefined()
    expect(textual(cycle(40, 'abcdefghijk'.split(''))).enum).toBeUndefined()
    expect(textual(cycle(20, ['1', '2'])).enum).toBeUndefined()
  })

  it('makes a field required only when every record has a non-empty value', () => {
    const records = [
      { a: '1', b: '', c: 'x' },
      { a: '2', b: '5', d: 'late' },
    ]
    const { contract } = inferContract(records, { name: 't', textual: true })
    expect(Object.keys(contract.fields)).toEqual(['a', 'b', 'c', 'd'])
    expect(contract.fields.a).toMatchObject({ type: 'int', required: true, nullable: false })
    expect(contract.fields.b).toMatchObject({ type: 'int', required: false, nullable: false })
    expect(contract.fields.c).toMatchObject({ required: false })
    expectValidates(contract, records, true)
  })

  it('reads JSON cells as nested objects and arrays', () => {
    const records = [
      { legs: '[{"qty":1}]', meta: '{"k":"v","n":1}' },
      { legs: '[{"qty":2},{"qty":3}]', meta: '{"k":"w"}' },
    ]
    const { contract } = inferContract(records, { name: 't', textual: true })
    expect(contract.fields.legs).toMatchObject({
      type: 'array',
      items: { type: 'object', fields: { qty: { type: 'int', required: true } } },
    })
    expect(contract.fields.meta).toMatchObject({
      type: 'object',
      fields: { k: { type: 'string' }, n: { type: 'int', required: false } },
    })
    expectValidates(contract, records, true)
  })
})

describe('inferContract from typed (JSONL-like) values', () => {
  it('types values as they are', () => {
    expect(typed([1, 2]).type).toBe('int')
    expect(typed([1, 2.5]).type).toBe('float')
    expect(typed([1, 2.5], 'amount').type).toBe('decimal')
    expect(typed([true, false]).type).toBe('bool')
    expect(typed(['2024-01-01']).type).toBe('date')
    expect(typed(['2024-01-01T00:00:00Z']).type).toBe('timestamp')
    expect(typed(['2024-01-01T00:00:00']).type).toBe('string')
    expect(typed(['1', '2']).type).toBe('string')
    expect(typed([1, 'a']).type).toBe('json')
  })

  it('marks explicit nulls nullable and absent or null values not required', () => {
    const records = [
      { a: 1, b: null, c: 'x' },
      { a: 2, b: 3 },
      { a: 3, b: 4, c: '' },
    ]
    const { contract } = inferContract(records, { name: 't', textual: false })
    expect(contract.fields.a).toMatchObject({ required: true, nullable: false })
    expect(contract.fields.b).toMatchObject({ type: 'int', required: false, nullable: true })
    expect(contract.fields.c).toMatchObject({ type: 'string', required: false, nullable: false })
    expectValidates(contract, records, false)
  })

  it('infers nested objects and arrays', () => {
    const records = [
      { customer: { name: 'Ann', email: 'ann@x.io' }, tags: ['a', 'b'], scores: [1, null] },
      { customer: { name: 'Bob' }, tags: [], scores: [] },
    ]
    const { contract } = inferContract(records, { name: 't', textual: false })
    expect(contract.fields.customer).toMatchObject({
      type: 'object',
      fields: {
        name: { type: 'string', required: true, pii: true },
        email: { format: 'email', required: false },
      },
    })
    expect(contract.fields.tags).toMatchObject({ type: 'array', items: { type: 'string' } })
    expect(contract.fields.scores).toMatchObject({
      type: 'array',
      items: { type: 'int', nullable: true },
    })
    expectValidates(contract, records, false)
  })

  it('types a field with only nulls as a nullable string, with a note', () => {
    const result = inferContract([{ x: null }, { x: null }], { name: 't', textual: false })
    expect(spec(result)).toMatchObject({ type: 'string', nullable: true, required: false })
    expect(result.notes.join('\n')).toContain('x: no values seen')
  })
})

describe('inferContract results', () => {
  it('suggests pii from personal names and says so in notes', () => {
    const records = [
      {
        email: 'a@b.io',
        first_name: 'Ann',
        home_address: '1 Main St',
        ssn: '1',
        qty: 1,
        dob: '1990-01-01',
      },
    ]
    const result = inferContract(records, { name: 't', textual: false })
    const pii = Object.entries(result.contract.fields)
      .filter(([, s]) => s.pii)
      .map(([n]) => n)
    expect(pii).toEqual(['email', 'first_name', 'home_address', 'ssn', 'dob'])
    expect(result.notes.filter((n) => n.includes('pii'))).toHaveLength(5)
  })

  it('names and versions the contract, and rejects unknown fields', () => {
    const r = inferContract([{ a: 1 }], { name: 'orders', version: '2.0.0', textual: false })
    expect(r.contract).toMatchObject({
      contract: 'orders',
      version: '2.0.0',
      unknown_fields: 'reject',
    })
    expect(inferContract([{ a: 1 }], { name: 'o', textual: false }).contract.version).toBe('0.1.0')
  })

  it('gives an empty contract, with a note, for no records', () => {
    const r = inferContract([], { name: 'empty', textual: true })
    expect(r.contract.fields).toEqual({})
    expect(r.notes).toContain('no records: the contract has no fields')
  })

  it('does not guess ranges or uniqueness', () => {
    const s = textual(['1', '2', '3'], 'customer_id')
    expect(s.min).toBeUndefined()
    expect(s.max).toBeUndefined()
    expect(s.unique).toBe(false)
  })
})
