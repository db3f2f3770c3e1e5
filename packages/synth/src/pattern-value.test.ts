import { describe, expect, it } from 'vitest'
import { patternValue } from './pattern-value.js'
import { Rng } from './rng.js'

describe('patternValue', () => {
  const patterns = [
    '^T[0-9]{8}$',
    '^[A-Z]{3}-\\d{2,4}$',
    '(foo|bar)+baz',
    '^[a-f0-9]{6}$',
    '^\\w+@x\\.io$',
  ]

  it('draws strings that match the pattern', () => {
    const rng = new Rng('p')
    for (const p of patterns)
      for (let i = 0; i < 50; i++) expect(patternValue(p, rng)).toMatch(new RegExp(p))
  })

  it('is driven by the seeded source only', () => {
    const draw = (seed: string): Array<string | undefined> => {
      const rng = new Rng(seed)
      return patterns.map((p) => patternValue(p, rng))
    }
    expect(draw('s')).toEqual(draw('s'))
    expect(draw('s')).not.toEqual(draw('t'))
  })

  it('repeats open quantifiers less when asked', () => {
    const rng = new Rng(1)
    for (let i = 0; i < 50; i++)
      expect((patternValue('^a+$', rng, 1) as string).length).toBeLessThanOrEqual(2)
  })

  it('gives undefined for a pattern it cannot read', () => {
    expect(patternValue('(', new Rng(1))).toBeUndefined()
  })

  it('draws nothing from a pattern a contract would refuse (backreference, huge nested repeats)', () => {
    expect(patternValue('(a)\\1', new Rng(1))).toBeUndefined()
    expect(patternValue('((a{999}){999}){999}', new Rng(1))).toBeUndefined()
  }, 5000)
})
