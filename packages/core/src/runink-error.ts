/** Structured, JSON-safe details attached to an error. */
export type ErrorDetails = Readonly<Record<string, unknown>>

/** Options for {@link RuninkError}. */
export interface RuninkErrorOptions {
  readonly details?: ErrorDetails
  readonly retryable?: boolean
  readonly cause?: unknown
}

/**
 * The base of every error Runink raises on purpose. `code` is stable (`RUNINK_<AREA>_<WHAT>`),
 * `details` is structured data for machines, `retryable` says whether trying again may help.
 */
export class RuninkError extends Error {
  readonly code: string
  readonly details: ErrorDetails
  readonly retryable: boolean

  constructor(code: string, message: string, options: RuninkErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'RuninkError'
    this.code = code
    this.details = options.details ?? {}
    this.retryable = options.retryable ?? false
  }

  /** A plain object for JSON output and logs. */
  toJSON(): { code: string; message: string; details: ErrorDetails; retryable: boolean } {
    return {
      code: this.code,
      message: this.message,
      details: this.details,
      retryable: this.retryable,
    }
  }
}

/** True for any {@link RuninkError}, also across module copies. */
export function isRuninkError(value: unknown): value is RuninkError {
  if (value instanceof RuninkError) return true
  if (!(value instanceof Error)) return false
  const code: unknown = (value as Error & { code?: unknown }).code
  return typeof code === 'string' && code.startsWith('RUNINK_')
}
