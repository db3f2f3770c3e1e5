import { RuninkError } from '@runink/core'
import { StageCodes } from '@runink/protocol'

// Defined in @runink/protocol's static code table; re-exported for this package's callers.
export { StageCodes }

/** A stage failure with its code and structured details. */
export class StageError extends RuninkError {
  constructor(
    code: keyof typeof StageCodes,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, { details })
    this.name = 'StageError'
  }
}
