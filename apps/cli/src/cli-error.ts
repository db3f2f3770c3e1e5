import { RuninkError } from '@runink/core'
import { CliCodes } from '@runink/protocol'

// Defined in @runink/protocol's static code table; re-exported for this package's callers.
export { CliCodes }

/** A usage or input problem found by the CLI (exit 2). */
export class CliError extends RuninkError {
  constructor(code: keyof typeof CliCodes, message: string, details: Record<string, unknown> = {}) {
    super(code, message, { details })
    this.name = 'CliError'
  }
}
