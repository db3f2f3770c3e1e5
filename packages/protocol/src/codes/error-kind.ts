import { ExitCode } from '@runink/core'

/** Error kinds: each code has one, and its kind decides how the code surfaces. */
export const ErrorKind = {
  input: 'input',
  /** No credentials, or credentials that are not (or no longer) valid. */
  unauthenticated: 'unauthenticated',
  /** Authenticated, but not allowed to do this here. */
  forbidden: 'forbidden',
  notFound: 'not_found',
  /** A request body over the limit. */
  tooLarge: 'too_large',
  conflict: 'conflict',
  failed: 'failed',
  internal: 'internal',
} as const
export type ErrorKind = (typeof ErrorKind)[keyof typeof ErrorKind]

/** How an error surfaces: HTTP status for the API, exit code for the CLI. */
export interface ErrorSurface {
  readonly http: number
  readonly exit: ExitCode
}

/** The HTTP status and CLI exit code of each kind. */
export const KIND_SURFACES: Readonly<Record<ErrorKind, ErrorSurface>> = {
  input: { http: 400, exit: ExitCode.usage },
  unauthenticated: { http: 401, exit: ExitCode.usage },
  forbidden: { http: 403, exit: ExitCode.usage },
  not_found: { http: 404, exit: ExitCode.usage },
  too_large: { http: 413, exit: ExitCode.usage },
  conflict: { http: 409, exit: ExitCode.failed },
  failed: { http: 422, exit: ExitCode.failed },
  internal: { http: 500, exit: ExitCode.failed },
}

/** One group of codes, each with its kind (`as const satisfies CodeTable`). */
export type CodeTable = Readonly<Record<`RUNINK_${string}`, ErrorKind>>

/**
 * The codes of a table as a constant object (code → code), the form packages raise them by:
 * `new RuninkError(SandboxCodes.RUNINK_SANDBOX_CLOSED, …)`, `keyof typeof SandboxCodes`.
 * Each code keeps its doc comment. Registers nothing: the table is the registration.
 */
export function codesOf<const T extends CodeTable>(table: T): { readonly [K in keyof T]: K } {
  const out: Record<string, string> = {}
  for (const code of Object.keys(table)) out[code] = code
  return out as { readonly [K in keyof T]: K }
}
