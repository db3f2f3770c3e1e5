import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { hmacSha256Hex } from '@runink/core'
import { nodeHmacSha256Hex } from './node-hmac.js'

describe('nodeHmacSha256Hex', () => {
  it('matches RFC 4231 test case 2', () => {
    expect(nodeHmacSha256Hex('Jefe', 'what do ya want for nothing?')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    )
  })

  it('gives the same hex as the pure-JS hmacSha256Hex, for any text and key', () => {
    // `binary` strings include lone surrogates: both encode them as U+FFFD.
    const text = fc.string({ unit: 'binary', maxLength: 200 })
    const key = fc.oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 150 }),
      fc.uint8Array({ minLength: 1, maxLength: 150 }),
    )
    fc.assert(
      fc.property(key, text, (k, data) => {
        expect(nodeHmacSha256Hex(k, data)).toBe(hmacSha256Hex(k, data))
      }),
      { numRuns: 500 },
    )
  })
})
