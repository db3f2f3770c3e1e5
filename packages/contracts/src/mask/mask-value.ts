import { canonicalJson, hmacSha256Hex, RuninkError } from '@runink/core'
import {
  HASH_PREFIX,
  isMaskedValue,
  REDACTED,
  TOKEN_PREFIX,
  type MaskKind,
} from '../model/index.js'
import { MaskCodes } from './mask-codes.js'
import { TOKEN_FORM, type TokenVault } from './token-vault.js'

/** Hex HMAC-SHA256 of UTF-8 `data` under `key`. */
export type HmacSha256Hex = (key: string | Uint8Array, data: string) => string

/** What masking one value needs: the hash key (and HMAC), and, for tokenize, a vault. */
export interface MaskKeys {
  readonly hashKey: string | Uint8Array
  /** Defaults to `hmacSha256Hex` from `@runink/core`. */
  readonly hmac?: HmacSha256Hex
  readonly vault?: TokenVault
}

/** The text a value is hashed or tokenized as: a string itself, anything else canonical JSON. */
export function canonicalText(value: unknown): string {
  return typeof value === 'string' ? value : canonicalJson(value)
}

/**
 * The masked form of one value of field `field`. Null and absent values stay as they are, and
 * so does a value already in the masked form: masking twice gives the same record.
 */
export function maskValue(kind: MaskKind, value: unknown, field: string, keys: MaskKeys): unknown {
  if (value === null || value === undefined || isMaskedValue(kind, value)) return value
  switch (kind) {
    case 'redact':
      return REDACTED
    case 'hash':
      return HASH_PREFIX + (keys.hmac ?? hmacSha256Hex)(keys.hashKey, canonicalText(value))
    case 'tokenize': {
      if (keys.vault === undefined)
        throw new RuninkError(MaskCodes.RUNINK_MASK_NO_VAULT, `no token vault to tokenize ${field}`)
      const token = keys.vault.tokenize(canonicalText(value), field)
      if (!TOKEN_FORM.test(token))
        throw new RuninkError(
          MaskCodes.RUNINK_MASK_BAD_TOKEN,
          `vault gave an invalid token for ${field}`,
          { details: { field, form: TOKEN_FORM.source } },
        )
      return TOKEN_PREFIX + token
    }
  }
}
