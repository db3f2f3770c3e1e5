import { describe, expect, it } from 'vitest'
import { describeReasons, mergeReasons, reasonLabel, ReasonTally } from './invalid-reasons.js'

describe('invalid reasons', () => {
  it('labels a reason without any record’s value', () => {
    expect(reasonLabel({ path: 'price', rule: 'min', expected: 0 })).toBe('price: must be ≥ 0')
    expect(reasonLabel({ path: 'currency', rule: 'enum', expected: ['USD', 'EUR'] })).toBe(
      'currency: not one of USD,EUR',
    )
    expect(reasonLabel({ path: '', rule: 'depth', expected: 64 })).toBe(
      'record: nests deeper than 64 levels',
    )
    const many = Array.from({ length: 500 }, (_, i) => `C${i}`)
    expect(reasonLabel({ path: 'c', rule: 'enum', expected: many }).length).toBe(201)
  })

  it('counts each reason once per record, most frequent first, in bounded memory', () => {
    const tally = new ReasonTally()
    tally.add([
      { path: 'price', rule: 'min', expected: 0 },
      { path: 'price', rule: 'min', expected: 0 },
    ])
    tally.add([{ path: 'price', rule: 'min', expected: 0 }])
    tally.add([{ path: 'currency', rule: 'enum', expected: ['USD'] }])
    expect(describeReasons(tally.top())).toBe(
      'price: must be ≥ 0 (2), currency: not one of USD (1)',
    )
    const wide = new ReasonTally()
    for (let i = 0; i < 300; i++) wide.add([{ path: `f${i}`, rule: 'required' }])
    const top = wide.top(1000)
    expect(top).toHaveLength(257)
    expect(top.find((r) => r.rule === 'other')).toEqual({
      field: '',
      rule: 'other',
      label: 'other reasons',
      count: 44,
    })
  })

  it('sums the reasons of several slices', () => {
    const a = [{ field: 'p', rule: 'min', label: 'p: must be ≥ 0', count: 2 }]
    const b = [
      { field: 'p', rule: 'min', label: 'p: must be ≥ 0', count: 3 },
      { field: 'c', rule: 'required', label: 'c: required field is missing', count: 4 },
    ]
    expect(mergeReasons([a, b]).map((r) => [r.label, r.count])).toEqual([
      ['p: must be ≥ 0', 5],
      ['c: required field is missing', 4],
    ])
  })
})
