import { RuninkError, defineErrorCodes } from '@runink/core'

/** Error codes of what a slice sends back or leaves in its staging folder. */
export const SliceCodes = defineErrorCodes({
  /** A result, progress or other message of the slice does not match its schema or its job. */
  RUNINK_SLICE_BAD_MESSAGE: 'failed',
  /** The slice wrote more on stdout than a result line may take. */
  RUNINK_SLICE_OUTPUT_TOO_LARGE: 'failed',
  /** A staged output is not a regular file inside the slice's staging folder. */
  RUNINK_SLICE_BAD_STAGING: 'failed',
})
export type SliceCode = keyof typeof SliceCodes

/** A slice's output refused by the host, with its code and where. */
export class SliceError extends RuninkError {
  constructor(code: SliceCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, { details })
    this.name = 'SliceError'
  }
}
