import { fieldSpec } from '@runink/contracts'
import { isRuninkError } from '@runink/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Contract, FieldSpec } from '@runink/contracts'
import { compileValidator } from '@runink/contracts'
import { synthCsvColumns } from './synth-columns.js'
import { synthesize } from './synthesize.js'

/** A normalised field spec: every flag present. */
const f = fieldSpec

function contract(name: string, fields: Record<string, FieldSpec>): Contract {
  return { contract: name, version: '1.0.0', unknown_fields: 'reject', fields }
}

/** Contracts covering every type, constraint and format. */
const CONTRACTS: readonly Contract[] = [
  contract('trade', {
    trade_id: f('string', { required: true, unique: true, pattern: '^T[0-9]{8}$', join_key: true }),
    price: f('decimal', { required: true, min: 0 }),
    currency: f('string', { enum: ['USD', 'EUR', 'GBP'] }),
    traded_at: f('timestamp', { required: true }),
    ssn: f('string', { pii: true, mask: 'hash', pattern: '^\\d{3}-\\d{2}-\\d{4}$' }),
    legs: f('array', { items: f('object', { fields: { qty: f('int', { required: true }) } }) }),
  }),
  contract('formats', {
    email: f('string', { format: 'email', required: true, unique: true }),
    id: f('string', { format: 'uuid', required: true, unique: true }),
    site: f('string', { format: 'uri' }),
    ip4: f('string', { format: 'ipv4', nullable: true }),
    ip6: f('string', { format: 'ipv6' }),
    host: f('string', { format: 'hostname', unique: true }),
    phone: f('string', { format: 'phone', required: true }),
    country: f('string', { format: 'country', required: true }),
    currency: f('string', { format: 'currency', required: true }),
  }),
  contract('numbers', {
    n: f('int', { required: true, min: -5, max: 5 }),
    big: f('int', { min: 9_007_199_254_740_000 }),
    ratio: f('float', { min: 0.25, max: 0.5, required: true }),
    tiny: f('decimal', { min: 0.001, max: 0.002, required: true }),
    amount: f('decimal', { max: -10 }),
    flag: f('bool', { required: true, nullable: true }),
    level: f('int', { enum: [1, 2, 3], required: true }),
    even: f('int', { check: 'value % 2 == 0', required: true }),
    above: f('float', { check: 'value > record.ratio', required: true }),
  }),
  contract('temporal', {
    day: f('date', { min: '2024-02-01', max: '2024-02-29', required: true }),
    birth_date: f('date', { required: true }),
    at: f('timestamp', {
      min: '2024-01-01T00:00:00Z',
      max: '2024-01-01T00:00:10+00:00',
      required: true,
    }),
    after: f('timestamp', { min: '2030-06-01', unique: true }),
    // Coerce mode compares enums after normalising to `toISOString` form, so the enum uses it.
    when: f('timestamp', { enum: ['2024-05-01T10:00:00.000Z', '2024-05-02T10:00:00.000Z'] }),
  }),
  contract('strings', {
    first_name: f('string', { required: true }),
    code: f('string', { length: { min: 8, max: 8 }, required: true, unique: true }),
    short_name: f('string', { length: { max: 3 }, required: true }),
    note: f('string', { length: { min: 40 } }),
    word: f('string', { min: 'm', max: 'n', required: true }),
    tagged: f('string', { pattern: '^[a-z]{2,4}-\\d+$', length: { max: 6 }, required: true }),
    city: f('string', { pattern: '^[A-Z]' }),
    secret: f('string', { mask: 'redact', required: true }),
  }),
  contract('nested', {
    customer: f('object', {
      required: true,
      unknown_fields: 'reject',
      fields: {
        name: f('string', { required: true }),
        email: f('string', { format: 'email' }),
        address: f('object', {
          fields: {
            city: f('string', { required: true }),
            zip: f('string', { pattern: '^\\d{5}$' }),
          },
        }),
      },
    }),
    tags: f('array', {
      length: { min: 2, max: 5 },
      items: f('string', { enum: ['a', 'b', 'c'] }),
      required: true,
    }),
    scores: f('array', { items: f('int', { min: 0, max: 10, nullable: true }) }),
    ids: f('array', { items: f('int', { unique: true }), length: { min: 1, max: 3 } }),
    matrix: f('array', { items: f('array', { items: f('float'), length: { max: 2 } }) }),
    any: f('array'),
    payload: f('json', { unique: true }),
    pair: f('object', {
      unique: true,
      fields: { a: f('bool', { required: true }), b: f('int', { min: 0, max: 3 }) },
    }),
  }),
]

/** A record as a CSV reader would hand it over: cells as text, nested values as JSON. */
function asCsvRow(
  record: Record<string, unknown>,
  columns: readonly string[],
): Record<string, string> {
  const row: Record<string, string> = {}
  for (const c of columns) {
    const v = record[c]
    row[c] =
      v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)
  }
  return row
}

describe('synthesize', () => {
  it('gives the same records for the same seed, and other records for another seed', () => {
    for (const c of CONTRACTS) {
      const a = [...synthesize(c, { seed: 42, count: 30 })]
      expect([...synthesize(c, { seed: 42, count: 30 })]).toEqual(a)
      expect([...synthesize(c, { seed: '42', count: 30 })]).toEqual(a)
      expect([...synthesize(c, { seed: 'other', count: 30 })]).not.toEqual(a)
    }
  })

  it('makes every record valid in strict mode, and as CSV text in coerce mode', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer(), fc.string({ maxLength: 12 })),
        fc.constantFrom(...CONTRACTS),
        (seed, c) => {
          const strict = compileValidator(c, { mode: 'strict' })
          const coerce = compileValidator(c, { mode: 'coerce' })
          const columns = synthCsvColumns(c)
          for (const record of synthesize(c, { seed, count: 40 })) {
            expect(strict.validate(record).valid ? [] : strict.validate(record)).toEqual([])
            const row = asCsvRow(record, columns)
            const result = coerce.validate(row)
            expect(result.valid ? [] : result.errors).toEqual([])
          }
        },
      ),
      { numRuns: 60 },
    )
  })

  it('never repeats a value of a unique field, nested ones included', () => {
    const c = CONTRACTS[5] as Contract
    const records = [...synthesize(c, { seed: 9, count: 200 })]
    const ids = records.flatMap((r) => (r.ids as number[] | undefined) ?? [])
    expect(new Set(ids).size).toBe(ids.length)
    const payloads = records.filter((r) => r.payload != null).map((r) => JSON.stringify(r.payload))
    expect(new Set(payloads).size).toBe(payloads.length)
  })

  it('uses up a small unique domain and then reports the field', () => {
    const c = contract('small', {
      n: f('int', { min: 1, max: 20, unique: true, required: true }),
      level: f('string', { enum: ['lo', 'hi'], unique: true }),
    })
    const values = [...synthesize(c, { seed: 1, count: 20 })].map((r) => r.n)
    expect([...values].sort((a, b) => (a as number) - (b as number))).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    )
    const tooMany = contract('tiny', {
      level: f('string', { enum: ['lo', 'hi'], unique: true, required: true }),
    })
    let caught: unknown
    try {
      for (const _ of synthesize(tooMany, { seed: 1, count: 3 }));
    } catch (error) {
      caught = error
    }
    expect(isRuninkError(caught) && caught.code).toBe('RUNINK_SYNTH_UNSATISFIABLE')
    expect((caught as Error).message).toContain('level')
  })

  it('sometimes leaves out optional fields and sometimes sets nullable ones to null', () => {
    const c = contract('presence', {
      a: f('string'),
      b: f('int', { required: true, nullable: true }),
      c: f('bool', { required: true }),
    })
    const records = [...synthesize(c, { seed: 3, count: 300 })]
    expect(records.some((r) => !('a' in r))).toBe(true)
    expect(records.some((r) => 'a' in r)).toBe(true)
    expect(records.some((r) => r.b === null)).toBe(true)
    expect(records.every((r) => 'b' in r && typeof r.c === 'boolean')).toBe(true)
  })

  it('satisfies CEL checks over the value and the record', () => {
    const c = contract('checks', {
      low: f('int', { required: true, min: 0, max: 100 }),
      high: f('int', { required: true, check: 'value > record.low' }),
      odd: f('int', { required: true, check: 'value % 2 == 1' }),
      items: f('array', {
        items: f('object', { fields: { q: f('int', { required: true, check: 'value >= 3' }) } }),
      }),
    })
    for (const r of synthesize(c, { seed: 5, count: 100 })) {
      expect(r.high as number).toBeGreaterThan(r.low as number)
      expect(Math.abs(r.odd as number) % 2).toBe(1)
      for (const item of (r.items as Array<{ q: number }> | undefined) ?? [])
        expect(item.q).toBeGreaterThanOrEqual(3)
    }
  })

  it('leaves out an optional field whose check cannot pass, and names a required one', () => {
    const optional = contract('opt', { x: f('int', { check: 'value > 10 && value < 5' }) })
    expect([...synthesize(optional, { seed: 1, count: 5 })].every((r) => !('x' in r))).toBe(true)
    const required = contract('req', {
      x: f('int', { required: true, check: 'value > 10 && value < 5' }),
    })
    expect(() => [...synthesize(required, { seed: 1, count: 1 })]).toThrow(
      /x: no value found that passes its check/,
    )
  })

  it('reports rules that contradict each other', () => {
    const c = contract('conflict', {
      x: f('string', { required: true, format: 'email', pattern: '^\\d+$' }),
    })
    expect(() => [...synthesize(c, { seed: 1, count: 1 })]).toThrow(
      /x: no value satisfies its rules/,
    )
  })

  it('generates plain values for masked fields', () => {
    const c = CONTRACTS[0] as Contract
    const ssns = [...synthesize(c, { seed: 2, count: 50 })]
      .map((r) => r.ssn)
      .filter((s) => s != null)
    expect(ssns.length).toBeGreaterThan(0)
    for (const s of ssns) expect(s).toMatch(/^\d{3}-\d{2}-\d{4}$/)
  })

  it('keeps numbers, dates and timestamps within their bounds', () => {
    const numbers = CONTRACTS[2] as Contract
    for (const r of synthesize(numbers, { seed: 8, count: 100 })) {
      expect(r.n as number).toBeGreaterThanOrEqual(-5)
      expect(r.n as number).toBeLessThanOrEqual(5)
      expect(String(r.tiny)).toMatch(/^0\.00[12]\d*$/)
    }
    const temporal = CONTRACTS[3] as Contract
    for (const r of synthesize(temporal, { seed: 8, count: 100 })) {
      expect(r.day as string).toMatch(/^2024-02-(0[1-9]|[12]\d)$/)
      expect(r.at as string).toMatch(/^2024-01-01T00:00:(0\d|10)Z$/)
      if (r.after !== undefined) expect((r.after as string) >= '2030-06-01').toBe(true)
    }
  })

  it('respects array lengths and nesting', () => {
    const c = CONTRACTS[5] as Contract
    for (const r of synthesize(c, { seed: 4, count: 100 })) {
      const tags = r.tags as string[]
      expect(tags.length).toBeGreaterThanOrEqual(2)
      expect(tags.length).toBeLessThanOrEqual(5)
      expect(typeof (r.customer as { name: string }).name).toBe('string')
    }
  })

  it('yields nothing for count 0 and refuses a bad count', () => {
    expect([...synthesize(CONTRACTS[0] as Contract, { seed: 1, count: 0 })]).toEqual([])
    expect(() => [...synthesize(CONTRACTS[0] as Contract, { seed: 1, count: -1 })]).toThrow(/count/)
  })

  it('gives CSV columns in declaration order', () => {
    expect(synthCsvColumns(CONTRACTS[0] as Contract)).toEqual([
      'trade_id',
      'price',
      'currency',
      'traded_at',
      'ssn',
      'legs',
    ])
  })
})
