import { fieldSpec } from '../model/index.js'
import { describe, expect, it } from 'vitest'
import type { Contract } from '../model/index.js'
import { fitToRecords } from './fit-to-records.js'

const f = fieldSpec

describe('fitToRecords', () => {
  it('loosens rules that some record breaks, nested ones included, and notes each', () => {
    const draft: Contract = {
      contract: 'd',
      version: '0.1.0',
      unknown_fields: 'reject',
      fields: {
        a: f('string', { required: true, format: 'email' }),
        b: f('int'),
        legs: f('array', { items: f('object', { fields: { q: f('int', { enum: [1] }) } }) }),
      },
    }
    const records = [{ a: 'x', b: null, legs: [{ q: 1 }, { q: 2 }] }, { b: 1 }]
    const notes: string[] = []
    const fitted = fitToRecords(draft, records, 'strict', notes)
    expect(fitted.fields.a).toEqual(f('string'))
    expect(fitted.fields.b).toEqual(f('int', { nullable: true }))
    expect(fitted.fields.legs?.items?.fields?.q).toEqual(f('int'))
    expect(notes).toEqual([
      'a: format loosened so that every sample record validates',
      'b: nullable loosened so that every sample record validates',
      'legs[].q: enum loosened so that every sample record validates',
      'a: required loosened so that every sample record validates',
    ])
  })

  it('returns the draft itself when every record fits', () => {
    const draft: Contract = {
      contract: 'd',
      version: '0.1.0',
      unknown_fields: 'reject',
      fields: { a: f('int') },
    }
    expect(fitToRecords(draft, [{ a: 1 }], 'strict', [])).toBe(draft)
  })
})
