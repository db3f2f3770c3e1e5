import { RuninkError, defineErrorCodes } from '@runink/core'

/** Error codes of the command line itself. */
export const CliCodes = defineErrorCodes({
  RUNINK_CLI_USAGE: 'input',
  RUNINK_CLI_FILE_NOT_FOUND: 'input',
  RUNINK_CLI_UNREADABLE_INPUT: 'input',
  RUNINK_CLI_UNSUPPORTED_FORMAT: 'input',
  RUNINK_CLI_NO_BARN: 'not_found',
})

/** A usage or input problem found by the CLI (exit 2). */
export class CliError extends RuninkError {
  constructor(code: keyof typeof CliCodes, message: string, details: Record<string, unknown> = {}) {
    super(code, message, { details })
    this.name = 'CliError'
  }
}
