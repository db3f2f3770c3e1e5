import { fieldSpec } from '@runink/contracts'
import { describe, expect, it } from 'vitest'
import type { FieldSpec } from '@runink/contracts'
import { Rng } from './rng.js'
import { dateValue, epochMs, temporalRange, timestampValue } from './temporal-values.js'

/** A required field (these tests are about values, not presence). */
const f = (type: FieldSpec['type'], extra: Partial<FieldSpec> = {}): FieldSpec =>
  fieldSpec(type, { required: true, ...extra })

describe('temporal values', () => {
  it('reads dates and RFC 3339 timestamps with offsets', () => {
    expect(epochMs('1970-01-02')).toBe(86_400_000)
    expect(epochMs('1970-01-01T01:00:00+01:00')).toBe(0)
    expect(epochMs('1970-01-01T00:00:01.5Z')).toBe(1500)
    expect(epochMs('0001-01-01')).toBe(Date.UTC(2001, 0, 1) - 2000 * 365.2425 * 86_400_000)
    expect(epochMs('nope')).toBeNaN()
  })

  it('keeps dates and timestamps within their bounds', () => {
    const rng = new Rng(1)
    const day = f('date', { min: '2024-02-28', max: '2024-03-01' })
    const at = f('timestamp', { min: '2024-01-01T00:00:00.250Z', max: '2024-01-01T00:00:00.750Z' })
    for (let i = 0; i < 100; i++) {
      expect(['2024-02-28', '2024-02-29', '2024-03-01']).toContain(dateValue(day, 'd', rng))
      expect(timestampValue(at, 't', rng)).toMatch(/^2024-01-01T00:00:00\.[2-7]\d\dZ$/)
    }
  })

  it('picks recent ranges by default, past ones for birth dates, and opens one-sided bounds', () => {
    expect(temporalRange(f('date'), 'birth_date')[1]).toBeLessThan(epochMs('2007-01-01'))
    const [lo, hi] = temporalRange(f('timestamp', { min: '2040-01-01' }), 'x')
    expect(lo).toBe(epochMs('2040-01-01'))
    expect(hi).toBeGreaterThan(lo)
    const [lo2, hi2] = temporalRange(f('timestamp', { max: '1999-12-31T00:00:00Z' }), 'x')
    expect(hi2).toBe(epochMs('1999-12-31T00:00:00Z'))
    expect(lo2).toBeLessThan(hi2)
  })
})
