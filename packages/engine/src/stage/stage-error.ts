import { RuninkError, defineErrorCodes } from '@runink/core'

/** Error codes of a running stage. */
export const StageCodes = defineErrorCodes({
  RUNINK_STAGE_UNROUTED_INVALID: 'failed',
  RUNINK_STAGE_STEP_FAILED: 'failed',
  RUNINK_STAGE_BAD_EXPRESSION: 'input',
  RUNINK_STAGE_UNKNOWN_STEP: 'input',
  RUNINK_STAGE_BAD_PARAM: 'input',
  RUNINK_STAGE_QUALITY_FAILED: 'failed',
})

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
