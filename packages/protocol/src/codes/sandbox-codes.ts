import { codesOf, type CodeTable } from './error-kind.js'

/** Every error code of `@runink/sandbox` with its kind, by the constant that names it. */
export const SANDBOX_CODE_KINDS = {
  /** Error codes of the sandbox and its supervisor. */
  SandboxCodes: {
    RUNINK_SANDBOX_BAD_REQUEST: 'input',
    RUNINK_SANDBOX_LAUNCH_FAILED: 'failed',
    RUNINK_SANDBOX_SUPERVISOR_DIED: 'internal',
    RUNINK_SANDBOX_CLOSED: 'conflict',
    RUNINK_SANDBOX_PATH_UNREADABLE: 'input',
    RUNINK_SANDBOX_LIMITS_UNENFORCED: 'input',
  },
} as const satisfies Readonly<Record<string, CodeTable>>

/** Error codes of the sandbox and its supervisor. */
export const SandboxCodes = codesOf(SANDBOX_CODE_KINDS.SandboxCodes)
