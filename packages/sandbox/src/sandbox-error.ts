import { RuninkError } from '@runink/core'
import { SandboxCodes } from '@runink/protocol'

// Defined in @runink/protocol's static code table; re-exported for this package's callers.
export { SandboxCodes }

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
