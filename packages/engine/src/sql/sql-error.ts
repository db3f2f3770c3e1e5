import { RuninkError } from '@runink/core'

// Defined in @runink/protocol's static code table; re-exported for this package's callers.
export { SqlCodes } from '@runink/protocol'

/** A query that DuckDB rejected or could not run; the message is DuckDB's own. */
export class SqlError extends RuninkError {
  constructor(message: string, details: Record<string, unknown>, cause?: unknown) {
    super('RUNINK_SQL_FAILED', message, { details, cause })
    this.name = 'SqlError'
  }
}

/** Wraps anything DuckDB threw into a SqlError naming the phase (load or query). */
export function sqlError(error: unknown, phase: 'load' | 'query', query: string): SqlError {
  if (error instanceof SqlError) return error
  const message = error instanceof Error ? error.message : String(error)
  const what = phase === 'load' ? 'loading the input into DuckDB failed' : 'SQL query failed'
  return new SqlError(`${what}: ${message}`, { phase, query }, error)
}
