import { RuninkError } from '@runink/core'
import { SliceCodes, type SliceCode } from '@runink/protocol'

// Defined in @runink/protocol's static code table; re-exported for this package's callers.
export { SliceCodes }
export type { SliceCode }

/** A slice's output refused by the host, with its code and where. */
export class SliceError extends RuninkError {
  constructor(code: SliceCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, { details })
    this.name = 'SliceError'
  }
}
