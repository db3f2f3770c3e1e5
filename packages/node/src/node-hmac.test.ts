import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { hmacSha256Hex } from '@runink/core'
import { nodeHmacSha256Hex } from './node-hmac.js'

describe('nodeHmacSha256Hex', () => {
  it('matches RFC 4231 test case 2', () => {
    expect(nodeHmacSha256Hex()('Jefe', 'what do ya want for nothing?')).toBe(
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
    // One function for all runs: its cached key object must follow the key.
    const hmac = nodeHmacSha256Hex()
    fc.assert(
      fc.property(key, text, (k, data) => {
        expect(hmac(k, data)).toBe(hmacSha256Hex(k, data))
        expect(hmac(k, data)).toBe(hmacSha256Hex(k, data))
      }),
      { numRuns: 300 },
    )
  })

  it('gives the same hex on its fast path for short ASCII keys (herd keys are 64 hex digits)', () => {
    const text = fc.string({ unit: 'binary', maxLength: 200 })
    const key = fc.oneof(
      fc.stringMatching(/^[0-9a-f]{64}$/),
      fc.string({
        unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)),
        maxLength: 64,
      }),
      fc.string({ unit: 'grapheme-ascii', minLength: 65, maxLength: 80 }),
    )
    const hmac = nodeHmacSha256Hex()
    fc.assert(
      fc.property(key, text, (k, data) => {
        expect(hmac(k, data)).toBe(hmacSha256Hex(k, data))
      }),
      { numRuns: 500 },
    )
  })

  it('hashes under the bytes a key has now, when a byte key changes between calls', () => {
    const hmac = nodeHmacSha256Hex()
    const key = new TextEncoder().encode('herd-key')
    const before = hmac(key, 'x')
    key[0] = 0x48
    expect(hmac(key, 'x')).not.toBe(before)
    expect(hmac(key, 'x')).toBe(hmacSha256Hex('Herd-key', 'x'))
  })
})
