import type { MaskKind } from './vocabularies.js'

/**
 * What masked values look like. Masking (`mask/`) produces these forms and validation
 * (`validate/`) recognises them: a value of a field tagged `mask: k` that matches the form of
 * `k` is checked as masked (type, pattern, format, enum, length and range no longer apply), so a
 * stage that masks still validates its output against the same contract.
 */
export const REDACTED = '[REDACTED]'

/** `hash:` followed by the 64-hex HMAC-SHA256 of the value under the herd key. */
export const HASH_PREFIX = 'hash:'

/** `tok:` followed by the vault's token. */
export const TOKEN_PREFIX = 'tok:'

const FORMS: Readonly<Record<MaskKind, RegExp>> = {
  redact: /^\[REDACTED\]$/,
  hash: /^hash:[0-9a-f]{64}$/,
  tokenize: /^tok:[A-Za-z0-9_-]{1,128}$/,
}

// Lengths and first characters of the forms: most values checked are not masked, and these
// cheap tests reject them before the regular expression runs.
const HASH_LENGTH = HASH_PREFIX.length + 64
const TOKEN_MAX_LENGTH = TOKEN_PREFIX.length + 128

/** True when `value` has the masked form of `kind`. */
export function isMaskedValue(kind: MaskKind, value: unknown): boolean {
  if (typeof value !== 'string') return false
  switch (kind) {
    case 'redact':
      return value === REDACTED
    case 'hash':
      return value.length === HASH_LENGTH && value.charCodeAt(0) === 0x68 && FORMS.hash.test(value)
    case 'tokenize':
      return (
        value.length > TOKEN_PREFIX.length &&
        value.length <= TOKEN_MAX_LENGTH &&
        value.charCodeAt(0) === 0x74 &&
        FORMS.tokenize.test(value)
      )
  }
}
