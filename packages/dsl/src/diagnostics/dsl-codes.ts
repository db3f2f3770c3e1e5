// Defined in @runink/protocol's static code table; re-exported for this package's callers.
export { DslCodes } from '@runink/protocol'
export type { DslCode } from '@runink/protocol'
