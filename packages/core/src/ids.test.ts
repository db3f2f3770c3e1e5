import { describe, expect, it } from 'vitest'
import { fixedClock, isUuidV7, uuidV7Ids } from './ids.js'

describe('ids', () => {
  it('generates time-ordered UUIDv7 ids', () => {
    const ids = Array.from({ length: 100 }, () => uuidV7Ids.next())
    expect(ids.every(isUuidV7)).toBe(true)
    expect(new Set(ids).size).toBe(100)
    expect([...ids].sort()).toEqual(ids)
  })
  it('fixed clock moves only when told', () => {
    const c = fixedClock(new Date('2026-01-01T00:00:00Z'))
    expect(c.now().toISOString()).toBe('2026-01-01T00:00:00.000Z')
    c.advance(1500)
    expect(c.now().toISOString()).toBe('2026-01-01T00:00:01.500Z')
  })
})
