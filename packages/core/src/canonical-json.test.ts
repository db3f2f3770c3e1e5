import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { canonicalJson } from './canonical-json.js'
import { hashOf, hmacSha256Hex, sha256Hex, createSha256 } from './hash.js'

describe('canonicalJson', () => {
  it('sorts keys and drops whitespace (RFC 8785)', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'] })).toBe('{"a":[true,null,"x"],"b":1}')
  })
  it('writes numbers in ECMAScript form', () => {
    expect(canonicalJson([1.0, 1e21, 0.000001, -0])).toBe('[1,1e+21,0.000001,0]')
  })
  it('is invariant under key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse())
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj))
      }),
    )
  })
})

describe('hashing', () => {
  it('computes sha256 of known input', () => {
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    )
  })
  it('hashOf depends on content, not key order', () => {
    expect(hashOf({ a: 1, b: 2 })).toBe(hashOf({ b: 2, a: 1 }))
    expect(hashOf({ a: 1 })).not.toBe(hashOf({ a: 2 }))
    expect(hashOf({ a: 1 })).toMatch(/^sha256:[0-9a-f]{64}$/)
  })
  it('computes HMAC-SHA256 (RFC 4231 case 2)', () => {
    expect(hmacSha256Hex('Jefe', 'what do ya want for nothing?')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    )
  })
  it('hashes incrementally the same as at once', () => {
    const h = createSha256()
    h.update('a')
    h.update(new TextEncoder().encode('bc'))
    expect(h.digestHex()).toBe(sha256Hex('abc'))
  })
})
