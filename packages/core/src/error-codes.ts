/** How an error surfaces: HTTP status for the API, exit code for the CLI. */
export interface ErrorSurface {
  readonly http: number
  readonly exit: ExitCode
}

/** CLI exit codes: 0 ok, 1 the thing checked failed, 2 usage or input error. */
export const ExitCode = { ok: 0, failed: 1, usage: 2 } as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

/** Error kinds: the last segment family of a code decides how it surfaces. */
export const ErrorKind = {
  input: 'input',
  notFound: 'not_found',
  conflict: 'conflict',
  failed: 'failed',
  internal: 'internal',
} as const
export type ErrorKind = (typeof ErrorKind)[keyof typeof ErrorKind]

const SURFACES: Readonly<Record<ErrorKind, ErrorSurface>> = {
  input: { http: 400, exit: ExitCode.usage },
  not_found: { http: 404, exit: ExitCode.usage },
  conflict: { http: 409, exit: ExitCode.failed },
  failed: { http: 422, exit: ExitCode.failed },
  internal: { http: 500, exit: ExitCode.failed },
}

/** The one table of error codes. Packages register their codes with a kind. */
const CODES = new Map<string, ErrorKind>()

/** Registers codes and their kinds; returns the codes as a typed constant object. */
export function defineErrorCodes<const T extends Record<string, ErrorKind>>(
  codes: T,
): { readonly [K in keyof T]: K } {
  const out: Record<string, string> = {}
  for (const [code, kind] of Object.entries(codes)) {
    CODES.set(code, kind)
    out[code] = code
  }
  return out as { readonly [K in keyof T]: K }
}

/** The HTTP status and CLI exit code for an error code; unknown codes are internal errors. */
export function surfaceOf(code: string): ErrorSurface {
  return SURFACES[CODES.get(code) ?? ErrorKind.internal]
}

/** Every registered code with its kind, for documentation. */
export function registeredErrorCodes(): ReadonlyArray<readonly [string, ErrorKind]> {
  return [...CODES.entries()].sort(([a], [b]) => a.localeCompare(b))
}
