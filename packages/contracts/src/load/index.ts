export { parseContract } from './parse-contract.js'
export { formatProblem } from './contract-problem.js'
export type { ContractProblem, ParseContractResult } from './contract-problem.js'
export { ContractLoadCodes } from './contract-load-codes.js'
export { ContractLoadError } from './contract-load-error.js'
export { MAX_ALIAS_COUNT, MAX_CONTRACT_CHARS, MAX_CONTRACT_DEPTH } from './contract-limits.js'
export { defineContract } from './define-contract.js'
export type { ContractInput } from './define-contract.js'
export { field } from './field-builders.js'
export type {
  FieldDeclaration,
  FieldInput,
  FieldOptions,
  ScalarFieldOptions,
  StringFieldOptions,
  NumberFieldOptions,
  TemporalFieldOptions,
  ArrayFieldOptions,
  ObjectFieldOptions,
} from './field-builders.js'
export { identify } from './identify.js'
export { loadContracts } from './load-contracts.js'
export { loadContractFile } from './load-contract-file.js'
export { contractSetOf } from './contract-set.js'
export type { ContractSet } from './contract-set.js'
export { compareSemver, isSemver, parseSemver } from './semver.js'
export type { Semver } from './semver.js'
