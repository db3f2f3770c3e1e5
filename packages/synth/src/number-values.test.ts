import { fieldSpec } from '@runink/contracts'
import { describe, expect, it } from 'vitest'
import type { FieldSpec } from '@runink/contracts'
import { numberPlan, numberValue } from './number-values.js'
import { Rng } from './rng.js'

/** A required field (these tests are about values, not presence). */
const f = (type: FieldSpec['type'], extra: Partial<FieldSpec> = {}): FieldSpec =>
  fieldSpec(type, { required: true, ...extra })

describe('numberPlan', () => {
  it('uses the bounds, else a range suggested by the name', () => {
    expect(numberPlan(f('int', { min: 3, max: 9 }), 'x')).toEqual({ lo: 3, hi: 9, digits: 0 })
    expect(numberPlan(f('int'), 'quantity')).toEqual({ lo: 1, hi: 100, digits: 0 })
    expect(numberPlan(f('decimal'), 'unit_price')).toMatchObject({ lo: 1, hi: 1000, digits: 2 })
    expect(numberPlan(f('int', { min: 5000 }), 'qty')).toMatchObject({ lo: 5000, hi: 5099 })
    expect(numberPlan(f('int', { max: -1 }), 'x')).toMatchObject({ lo: -1001, hi: -1 })
    expect(numberPlan(f('int', { min: '2.5', max: 7.9 }), 'x')).toMatchObject({ lo: 3, hi: 7 })
  })
})

describe('numberValue', () => {
  it('stays in range with the planned fraction digits', () => {
    const rng = new Rng(2)
    for (let i = 0; i < 500; i++) {
      const v = numberValue({ lo: 1, hi: 2, digits: 2 }, rng)
      expect(v >= 1 && v <= 2).toBe(true)
      expect(String(v)).toMatch(/^\d(\.\d{1,2})?$/)
    }
  })

  it('adds digits for narrow ranges and copes with huge ones', () => {
    const rng = new Rng(3)
    const narrow = numberValue({ lo: 0.001, hi: 0.0012, digits: 2 }, rng)
    expect(narrow >= 0.001 && narrow <= 0.0012).toBe(true)
    const huge = numberValue({ lo: -1e300, hi: 1e300, digits: 3 }, rng)
    expect(Number.isFinite(huge)).toBe(true)
  })
})
