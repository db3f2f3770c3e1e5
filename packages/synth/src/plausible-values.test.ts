import { fieldSpec } from '@runink/contracts'
import { describe, expect, it } from 'vitest'
import type { Contract, FieldSpec } from '@runink/contracts'
import { plausibleString } from './plausible-values.js'
import { synthesize } from './synthesize.js'

/** A required field (these tests are about values, not presence). */
const f = (type: FieldSpec['type'], extra: Partial<FieldSpec> = {}): FieldSpec =>
  fieldSpec(type, { required: true, ...extra })

const PEOPLE: Contract = {
  contract: 'people',
  version: '1.0.0',
  unknown_fields: 'reject',
  fields: {
    first_name: f('string'),
    lastName: f('string'),
    email: f('string'),
    work_email: f('string', { format: 'email' }),
    city: f('string'),
    country: f('string'),
    country_code: f('string', { format: 'country' }),
    company: f('string'),
    phone: f('string'),
    street_address: f('string'),
    price: f('decimal'),
    qty: f('int'),
    customer_id: f('int', { unique: true }),
    description: f('string'),
    created_at: f('timestamp'),
    birth_date: f('date'),
  },
}

describe('plausible values', () => {
  const records = [...synthesize(PEOPLE, { seed: 'people', count: 100 })]
  const column = (name: string): unknown[] => records.map((r) => r[name])

  it('gives names, emails and places that look the part', () => {
    for (const v of column('first_name')) expect(v).toMatch(/^[A-Z][A-Za-z'-]+$/)
    for (const v of column('lastName')) expect(v).toMatch(/^[A-Z][A-Za-z' -]+$/)
    for (const v of column('email')) expect(v).toMatch(/^[^@\s]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/)
    for (const v of column('work_email')) expect(v).toMatch(/^[^@\s]+@[a-z0-9.-]+$/)
    for (const v of column('city')) expect(v).toMatch(/^[A-Z]/)
    for (const v of column('country_code')) expect(v).toMatch(/^[A-Z]{2}$/)
    for (const v of column('phone')) expect(v).toMatch(/^\+\d{8,15}$/)
    for (const v of column('street_address')) expect(v).toMatch(/\d+ \S/)
    for (const v of column('description')) expect(String(v).split(' ').length).toBeGreaterThan(2)
    expect(new Set(column('first_name')).size).toBeGreaterThan(50)
  })

  it('gives amounts with cents, small quantities and serial-looking ids', () => {
    for (const v of column('price')) {
      expect(v as number).toBeGreaterThanOrEqual(1)
      expect(v as number).toBeLessThanOrEqual(1000)
      expect(String(v)).toMatch(/^\d+(\.\d{1,2})?$/)
    }
    for (const v of column('qty'))
      expect(Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 100).toBe(true)
    const ids = column('customer_id') as number[]
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toBeGreaterThanOrEqual(1)
  })

  it('gives recent timestamps and past-century birth dates', () => {
    for (const v of column('created_at')) expect(v).toMatch(/^202[0-5]-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    for (const v of column('birth_date')) expect(Number(String(v).slice(0, 4))).toBeLessThan(2007)
  })

  it('still keeps a plausible field to its rules', () => {
    const c: Contract = {
      ...PEOPLE,
      fields: {
        first_name: f('string', { length: { max: 4 } }),
        city: f('string', { pattern: '^X[0-9]{3}$' }),
        price: f('decimal', { min: 5000, max: 5001 }),
      },
    }
    for (const r of synthesize(c, { seed: 1, count: 50 })) {
      expect([...(r.first_name as string)].length).toBeLessThanOrEqual(4)
      expect(r.city).toMatch(/^X[0-9]{3}$/)
      expect(r.price as number).toBeGreaterThanOrEqual(5000)
    }
  })

  it('matches names by their parts and ignores unknown names', () => {
    expect(plausibleString('billing_city')).toBe(plausibleString('city'))
    expect(plausibleString('CustomerEmail')).toBeDefined()
    expect(plausibleString('zzz_frobnication')).toBeUndefined()
  })
})
