import { codesOf, type CodeTable } from './error-kind.js'

/** Every error code of `@runink/contracts` with its kind, by the constant that names it. */
export const CONTRACTS_CODE_KINDS = {
  /** Codes of contract loading problems and of {@link ContractLoadError}. */
  ContractLoadCodes: {
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
  },
  /** Error codes of validator compilation (validation itself never throws). */
  ValidateCodes: {
    /** A pattern, bound or `check` of the contract cannot be compiled. */
    RUNINK_VALIDATE_CONTRACT_INVALID: 'input',
  },
  /** Codes of masking errors. */
  MaskCodes: {
    /** The contract tokenizes a field but no token vault was given. */
    RUNINK_MASK_NO_VAULT: 'input',
    /** The hash key is empty: hashes under it would be plain, guessable digests. */
    RUNINK_MASK_NO_KEY: 'input',
    /** A vault returned a token that is not of the tokenized form, or reused one. */
    RUNINK_MASK_BAD_TOKEN: 'internal',
  },
} as const satisfies Readonly<Record<string, CodeTable>>

/** Codes of contract loading problems and of {@link ContractLoadError}. */
export const ContractLoadCodes = codesOf(CONTRACTS_CODE_KINDS.ContractLoadCodes)

/** Error codes of validator compilation (validation itself never throws). */
export const ValidateCodes = codesOf(CONTRACTS_CODE_KINDS.ValidateCodes)

/** Codes of masking errors. */
export const MaskCodes = codesOf(CONTRACTS_CODE_KINDS.MaskCodes)
