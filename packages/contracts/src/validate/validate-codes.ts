import { defineErrorCodes } from '@runink/core'

/** Error codes of validator compilation (validation itself never throws). */
export const ValidateCodes = defineErrorCodes({
  /** A pattern, bound or `check` of the contract cannot be compiled. */
  RUNINK_VALIDATE_CONTRACT_INVALID: 'input',
})
