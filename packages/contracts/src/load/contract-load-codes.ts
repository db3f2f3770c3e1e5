// Defined in @runink/protocol's static code table; re-exported for this package's callers.
export { ContractLoadCodes } from '@runink/protocol'
