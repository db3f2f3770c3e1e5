import { defineErrorCodes } from '@runink/core'

/** Codes of contract loading problems and of {@link ContractLoadError}. */
export const ContractLoadCodes = defineErrorCodes({
  /** The text is not well-formed YAML or JSON. */
  RUNINK_CONTRACT_SYNTAX: 'input',
  /** A key the contract format does not know, usually a typo. */
  RUNINK_CONTRACT_UNKNOWN_KEY: 'input',
  /** A value of the wrong kind, out of its vocabulary, or inconsistent with the field type. */
  RUNINK_CONTRACT_INVALID_VALUE: 'input',
  /** A key the contract format requires is absent. */
  RUNINK_CONTRACT_MISSING_KEY: 'input',
  /** Two files define the same `name@version`. */
  RUNINK_CONTRACT_DUPLICATE: 'conflict',
  /** A contract path or reference names nothing. */
  RUNINK_CONTRACT_NOT_FOUND: 'not_found',
  /** The file is over a limit of `contract-limits.ts`: size, alias expansion or nesting depth. */
  RUNINK_CONTRACT_TOO_LARGE: 'input',
})
