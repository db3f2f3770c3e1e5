export { diffContracts, bumpFor } from './diff-contracts.js'
export { ChangeKind, Bump, compareBumps } from './contract-change.js'
export type { ContractChange, ContractDiff } from './contract-change.js'
