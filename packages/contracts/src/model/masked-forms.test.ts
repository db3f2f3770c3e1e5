import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { HASH_PREFIX, isMaskedValue, REDACTED, TOKEN_PREFIX } from './masked-forms.js'
import { MaskKind } from './vocabularies.js'

// The forms as documented; isMaskedValue must agree with them on every value.
const FORMS = {
  redact: /^\[REDACTED\]$/,
  hash: /^hash:[0-9a-f]{64}$/,
  tokenize: /^tok:[A-Za-z0-9_-]{1,128}$/,
} as const

const kinds = Object.values(MaskKind)

describe('isMaskedValue', () => {
  it('recognises exactly the masked forms', () => {
    const hex = fc.string({ unit: fc.constantFrom(...'0123456789abcdefA'), maxLength: 66 })
    const tokenChar = fc.constantFrom(...'abcXYZ019_-. ')
    const value = fc.oneof(
      fc.string(),
      fc.constant(REDACTED),
      fc.constant(`${REDACTED}\n`),
      hex.map((h) => HASH_PREFIX + h),
      fc.string({ unit: tokenChar, maxLength: 132 }).map((t) => TOKEN_PREFIX + t),
      fc.anything(),
    )
    fc.assert(
      fc.property(fc.constantFrom(...kinds), value, (kind, v) => {
        expect(isMaskedValue(kind, v)).toBe(typeof v === 'string' && FORMS[kind].test(v))
      }),
      { numRuns: 2000 },
    )
  })

  it('accepts the boundaries of each form and nothing past them', () => {
    expect(isMaskedValue('hash', HASH_PREFIX + 'a'.repeat(64))).toBe(true)
    expect(isMaskedValue('hash', HASH_PREFIX + 'a'.repeat(63))).toBe(false)
    expect(isMaskedValue('hash', HASH_PREFIX + 'A'.repeat(64))).toBe(false)
    expect(isMaskedValue('tokenize', TOKEN_PREFIX + 'x')).toBe(true)
    expect(isMaskedValue('tokenize', TOKEN_PREFIX + 'x'.repeat(128))).toBe(true)
    expect(isMaskedValue('tokenize', TOKEN_PREFIX + 'x'.repeat(129))).toBe(false)
    expect(isMaskedValue('tokenize', TOKEN_PREFIX)).toBe(false)
    expect(isMaskedValue('redact', REDACTED)).toBe(true)
    expect(isMaskedValue('redact', 'REDACTED')).toBe(false)
  })
})
