import { RuninkError, type IdGenerator } from '@runink/core'
import { MaskCodes } from './mask-codes.js'

/**
 * Swaps values for reversible tokens. Synchronous so masking stays a plain per-record function;
 * the Barn's implementation keeps tokens in its secrets. `field` scopes tokens: the same value in
 * two fields gets two tokens.
 */
export interface TokenVault {
  /** The token of `value` in `field` (without the `tok:` prefix); the same inputs, the same token. */
  tokenize(value: string, field: string): string
  /** The value a token stands for, or undefined when the vault does not know it. */
  detokenize(token: string): string | undefined
}

/** What a token may look like: the tokenized masked form without its prefix. */
export const TOKEN_FORM = /^[A-Za-z0-9_-]{1,128}$/

/** A vault held in memory for local runs and tests; tokens are fresh ids from `ids`. */
export function createMemoryTokenVault(ids: IdGenerator): TokenVault {
  const byValue = new Map<string, string>()
  const byToken = new Map<string, string>()
  return {
    tokenize(value, field) {
      // A NUL cannot appear in a field path, so field and value cannot run into each other.
      const key = `${field}\u0000${value}`
      const known = byValue.get(key)
      if (known !== undefined) return known
      const token = ids.next()
      if (!TOKEN_FORM.test(token) || byToken.has(token))
        throw new RuninkError(
          MaskCodes.RUNINK_MASK_BAD_TOKEN,
          `id generator gave ${byToken.has(token) ? 'a reused' : 'an invalid'} token ${JSON.stringify(token)}`,
          { details: { token, form: TOKEN_FORM.source } },
        )
      byValue.set(key, token)
      byToken.set(token, value)
      return token
    },
    detokenize: (token) => byToken.get(token),
  }
}
