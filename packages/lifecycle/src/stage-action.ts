import type { Outcome } from './outcome.js'
import type { StageEnd } from './stage-state.js'

/** What the driver must do next for a stage; it reports each one's result as an event. */
export type StageAction =
  | { readonly type: 'prepare' }
  | { readonly type: 'look-up-cache' }
  /** Reuse the hit's outputs and store status `cached` with them, as one unit. */
  | { readonly type: 'reuse-cached' }
  /** Store status `running` (the stage really starts work: lineage START). */
  | { readonly type: 'mark-running' }
  | { readonly type: 'run-attempt'; readonly attempt: number }
  /** Wait `delayMs`, then report `retry-due`; `after` is why the last attempt failed. */
  | {
      readonly type: 'wait'
      readonly attempt: number
      readonly delayMs: number
      readonly after: Outcome
    }
  /** Publish the attempt's outputs and store status `succeeded` with them, as one unit. */
  | { readonly type: 'commit' }
  /**
   * The stage ended. For `succeeded` and `cached` the status is already stored (with the
   * outputs); for `failed` and `cancelled` the driver stores it, with the outcome.
   */
  | { readonly type: 'finish'; readonly status: StageEnd; readonly outcome?: Outcome }
