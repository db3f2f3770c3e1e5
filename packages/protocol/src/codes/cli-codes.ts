import { codesOf, type CodeTable } from './error-kind.js'

/** Every error code of `runi` (apps/cli) with its kind, by the constant that names it. */
export const CLI_CODE_KINDS = {
  /** Error codes of the command line itself. */
  CliCodes: {
    RUNINK_CLI_USAGE: 'input',
    RUNINK_CLI_FILE_NOT_FOUND: 'input',
    RUNINK_CLI_UNREADABLE_INPUT: 'input',
    RUNINK_CLI_UNSUPPORTED_FORMAT: 'input',
    RUNINK_CLI_NO_BARN: 'not_found',
  },
} as const satisfies Readonly<Record<string, CodeTable>>

/** Error codes of the command line itself. */
export const CliCodes = codesOf(CLI_CODE_KINDS.CliCodes)
