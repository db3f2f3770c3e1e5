import { describe, expect, it } from 'vitest'
import { Rng } from './rng.js'

describe('Rng', () => {
  it('repeats its stream for a seed, numbers and their text alike', () => {
    const draw = (r: Rng): number[] => Array.from({ length: 20 }, () => r.int(0, 1_000_000))
    expect(draw(new Rng(7))).toEqual(draw(new Rng('7')))
    expect(draw(new Rng('a'))).not.toEqual(draw(new Rng('b')))
  })

  it('gives the same stream on every machine (pinned values)', () => {
    // xoroshiro128+ seeded from sha256 of the seed text: any change here breaks reproducibility.
    const r = new Rng('runink')
    const first = Array.from({ length: 5 }, () => r.int(0, 999))
    expect(first).toEqual([848, 877, 656, 228, 366])
  })

  it('stays within bounds and handles empty ranges', () => {
    const r = new Rng(1)
    for (let i = 0; i < 1000; i++) {
      const n = r.int(-3, 3)
      expect(n).toBeGreaterThanOrEqual(-3)
      expect(n).toBeLessThanOrEqual(3)
      const x = r.next()
      expect(x >= 0 && x < 1).toBe(true)
    }
    expect(r.int(5, 5)).toBe(5)
    expect(r.int(5, 2)).toBe(5)
    expect(['a', 'b']).toContain(r.pick(['a', 'b']))
  })
})
