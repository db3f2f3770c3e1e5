import { defineErrorCodes } from '@runink/core'

/** Codes of masking errors. */
export const MaskCodes = defineErrorCodes({
  /** The contract tokenizes a field but no token vault was given. */
  RUNINK_MASK_NO_VAULT: 'input',
  /** The hash key is empty: hashes under it would be plain, guessable digests. */
  RUNINK_MASK_NO_KEY: 'input',
  /** A vault returned a token that is not of the tokenized form, or reused one. */
  RUNINK_MASK_BAD_TOKEN: 'internal',
})
