import fc from 'fast-check'
import { RE2JS } from 're2js'
import { describe, expect, it } from 'vitest'
import { simplePattern } from './simple-pattern.js'

const SIMPLE = [
  '^T[0-9]{8}$',
  '^[A-Z]{3}-\\d{4}$',
  '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$',
  '^[^,\\n]*,\\s?\\S+$',
  '^\\w+\\.?$',
  '^a?b*c{2,}d{0,3}$',
  '^.{2,5}',
  '^[\\-a-c\\]]+[.]$',
  '^\\W\\D[^\\s]',
  '^é+ü?$',
]

const NOT_SIMPLE = [
  '^(a+)+$',
  '^\\d+\\d+$',
  '^a*a$',
  '^a*b?a$',
  'a+',
  '^[a-z0-9.-]+\\.[a-z]+$',
  '^\\p{L}+$',
  '^a*?b$',
  '^[[:alpha:]]+$',
  '^[]a]$',
  '^a|b$',
  '^a\\b',
  '^a{,3}$',
]

describe('simplePattern', () => {
  it('takes the deterministic anchored shapes', () => {
    for (const p of SIMPLE) expect(simplePattern(p), p).toBeInstanceOf(RegExp)
  })

  it('leaves ambiguous, unanchored and RE2-only syntax to re2js', () => {
    for (const p of NOT_SIMPLE) expect(simplePattern(p), p).toBeUndefined()
  })

  it('matches exactly what RE2 matches, on strings built from the characters that matter', () => {
    const alphabet = fc.constantFrom(
      ...['a', 'b', 'c', 'd', 'A', 'Z', 'T', '0', '9', '-', '.', ',', ']', '_', ' ', '\n', '\t'],
      ...['\u00a0', '\u2028', 'é', 'ü', '😀', '\r', '\f', '\v'],
    )
    for (const p of SIMPLE) {
      const fast = simplePattern(p) as RegExp
      const re2 = RE2JS.compile(p)
      fc.assert(
        fc.property(fc.array(alphabet, { maxLength: 40 }), (chars) => {
          const s = chars.join('')
          expect(fast.test(s), `${p} on ${JSON.stringify(s)}`).toBe(re2.test(s))
        }),
        { numRuns: 300 },
      )
      expect(fast.test('T12345678'), p).toBe(re2.test('T12345678'))
    }
  })

  it('keeps to RE2 meanings where JavaScript differs (\\s, .)', () => {
    expect(simplePattern('^\\s$')?.test('\u00a0')).toBe(false)
    expect(simplePattern('^.$')?.test('\u2028')).toBe(true)
    expect(simplePattern('^.$')?.test('\n')).toBe(false)
  })

  it('stays linear on a long near-miss', () => {
    const fast = simplePattern('^a*b*c*d*e*$') as RegExp
    expect(fast.test('a'.repeat(100_000) + '!')).toBe(false)
  }, 5000)
})
