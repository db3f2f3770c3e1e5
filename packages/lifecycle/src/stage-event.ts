import type { Outcome } from './outcome.js'

/** What the driver reports back to a stage's lifecycle after doing an action. */
export type StageEvent =
  /** Begin. */
  | { readonly type: 'start' }
  /** Inputs resolved, cache key computed, sinks confined. */
  | { readonly type: 'prepared' }
  /** The cache was asked. */
  | { readonly type: 'cache-checked'; readonly hit: boolean }
  /** A cache hit's outputs are the stage's (status `cached` stored with them, as one unit). */
  | { readonly type: 'reused' }
  /** Every slice of the attempt succeeded and the stage's checks (empty, asserts) passed. */
  | { readonly type: 'attempt-succeeded' }
  /** A slice failed, or a check did: retried when the outcome is retryable and attempts remain. */
  | { readonly type: 'attempt-failed'; readonly outcome: Outcome }
  /** The wait before the next attempt is over. */
  | { readonly type: 'retry-due' }
  /** Outputs published (status `succeeded` stored with them, as one unit). */
  | { readonly type: 'committed' }
  /** Preparing, reusing or committing failed: never retried. */
  | { readonly type: 'failed'; readonly outcome: Outcome }
  /** The run was cancelled. */
  | { readonly type: 'cancelled' }
