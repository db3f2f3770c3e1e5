import type { Severity } from '@runink/core'
import type { DslCode } from './dsl-codes.js'

/** One problem found by the parser or checker, located in a file. */
export interface Diagnostic {
  /** A stable `RUNINK_DSL_*` code. */
  readonly code: DslCode
  readonly severity: Severity
  readonly message: string
  /** The file the problem is in (the feature file, a contract or a step module). */
  readonly file: string
  /** 1-based start line and column (UTF-16 units); absent when the whole file is meant. */
  readonly line?: number
  readonly column?: number
  /** 1-based end line and column, exclusive. */
  readonly endLine?: number
  readonly endColumn?: number
  /** What to do about it, e.g. `did you mean "price"?`. */
  readonly hint?: string
}

/** True when a diagnostic is an error. */
export const isError = (d: Diagnostic): boolean => d.severity === 'error'
