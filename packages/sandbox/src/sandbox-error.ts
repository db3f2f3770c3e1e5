import { RuninkError, defineErrorCodes } from '@runink/core'

/** Error codes of the sandbox and its supervisor. */
export const SandboxCodes = defineErrorCodes({
  RUNINK_SANDBOX_BAD_REQUEST: 'input',
  RUNINK_SANDBOX_LAUNCH_FAILED: 'failed',
  RUNINK_SANDBOX_SUPERVISOR_DIED: 'internal',
  RUNINK_SANDBOX_CLOSED: 'conflict',
  RUNINK_SANDBOX_PATH_UNREADABLE: 'input',
  RUNINK_SANDBOX_LIMITS_UNENFORCED: 'input',
})

/** A launch that could not happen, with its code and structured details. */
export class SandboxError extends RuninkError {
  constructor(
    code: keyof typeof SandboxCodes,
    message: string,
    details: Record<string, unknown> = {},
    retryable = false,
  ) {
    super(code, message, { details, retryable })
    this.name = 'SandboxError'
  }
}
