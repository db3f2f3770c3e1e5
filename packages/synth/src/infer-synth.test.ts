import { fieldSpec } from '@runink/contracts'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Contract, FieldSpec } from '@runink/contracts'
import { synthesize } from './index.js'
import { compileValidator } from '@runink/contracts'
import { inferContract } from '@runink/contracts'

const f = fieldSpec

function contract(name: string, fields: Record<string, FieldSpec>): Contract {
  return { contract: name, version: '1.0.0', unknown_fields: 'reject', fields }
}

const SOURCES: readonly Contract[] = [
  contract('orders', {
    order_id: f('string', { required: true, unique: true, pattern: '^O-\\d{6}$' }),
    customer_email: f('string', { format: 'email', required: true }),
    price: f('decimal', { required: true, min: 0 }),
    qty: f('int', { min: 1, max: 9 }),
    status: f('string', { enum: ['new', 'paid', 'shipped'], required: true }),
    paid: f('bool', { nullable: true }),
    ordered_at: f('timestamp', { required: true }),
    ship_date: f('date', { nullable: true }),
    ratio: f('float'),
  }),
  contract('devices', {
    id: f('string', { format: 'uuid', required: true }),
    ip: f('string', { format: 'ipv4' }),
    site: f('string', { format: 'uri' }),
    owner: f('object', {
      fields: {
        first_name: f('string', { required: true }),
        phone: f('string', { format: 'phone' }),
      },
    }),
    readings: f('array', { items: f('float', { nullable: true }) }),
    labels: f('array', {
      items: f('object', { fields: { k: f('string', { required: true }), v: f('int') } }),
    }),
    extra: f('json'),
  }),
]

/** A record as a CSV reader gives it: text cells, JSON for nested values, empty for none. */
function csvRow(
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

function invalid(
  c: Contract,
  records: readonly Record<string, unknown>[],
  mode: 'strict' | 'coerce',
) {
  const validator = compileValidator(c, { mode })
  return records.flatMap((r) => {
    const result = validator.validate(r)
    return result.valid ? [] : result.errors
  })
}

describe('inferring from synthesized data', () => {
  it('yields a contract that validates that data, typed or as CSV text', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.constantFrom(...SOURCES),
        fc.integer({ min: 1, max: 60 }),
        (seed, source, count) => {
          const records = [...synthesize(source, { seed, count })]
          const typed = inferContract(records, { name: 'typed', textual: false })
          expect(invalid(typed.contract, records, 'strict')).toEqual([])
          expect(typed.notes.filter((n) => n.includes('loosened'))).toEqual([])
          const rows = records.map((r) => csvRow(r, Object.keys(source.fields)))
          const text = inferContract(rows, { name: 'text', textual: true })
          expect(invalid(text.contract, rows, 'coerce')).toEqual([])
          expect(text.notes.filter((n) => n.includes('loosened'))).toEqual([])
        },
      ),
      { numRuns: 60 },
    )
  })

  it('recovers the types, formats and enums of a rich enough sample', () => {
    const records = [...synthesize(SOURCES[0] as Contract, { seed: 'rich', count: 300 })]
    const { contract: c } = inferContract(records, { name: 'orders', textual: false })
    expect(c.fields.order_id).toMatchObject({ type: 'string', required: true })
    expect(c.fields.customer_email).toMatchObject({
      type: 'string',
      format: 'email',
      pii: true,
      required: true,
    })
    expect(c.fields.price).toMatchObject({ type: 'decimal', required: true })
    expect(c.fields.qty).toMatchObject({ type: 'int', required: false })
    expect(c.fields.status?.enum?.slice().sort()).toEqual(['new', 'paid', 'shipped'])
    expect(c.fields.paid).toMatchObject({ type: 'bool', nullable: true })
    expect(c.fields.ordered_at).toMatchObject({ type: 'timestamp', required: true })
    expect(c.fields.ship_date).toMatchObject({ type: 'date', nullable: true })
  })
})
