import type { Clock, RunStatus } from '@runink/core'
import type { Outcome } from './outcome.js'
import type { RetryPolicy } from './retry-policy.js'

/** Where a stage is in its lifecycle (finer than its stored status). */
export const StagePhase = {
  /** Created, nothing done yet. */
  new: 'new',
  /** Resolving inputs, computing the cache key, confining sinks. */
  preparing: 'preparing',
  /** Asking the cache for an identical earlier run. */
  lookingUp: 'looking-up',
  /** Reusing a cache hit's outputs. */
  reusing: 'reusing',
  /** An attempt's slices are running (and its checks are made). */
  attempting: 'attempting',
  /** Between a retryable failure and the next attempt. */
  waiting: 'waiting',
  /** Publishing a successful attempt's outputs. */
  committing: 'committing',
  finished: 'finished',
} as const
export type StagePhase = (typeof StagePhase)[keyof typeof StagePhase]

/** How a stage may end. */
export type StageEnd = Extract<
  RunStatus,
  'succeeded' | 'cached' | 'failed' | 'cancelled' | 'skipped'
>

/** What decides a stage's course besides events: its plan's cache and retry settings. */
export interface StagePolicy {
  /** The cache may serve it (its plan allows caching and the run is not `--no-cache`). */
  readonly cache: boolean
  readonly retry: RetryPolicy
}

/** A stage's lifecycle state: plain data, replaced (never changed) by each decision. */
export interface StageState {
  readonly phase: StagePhase
  /** Its stored status (core's vocabulary): every change follows core's transition table. */
  readonly status: RunStatus
  readonly policy: StagePolicy
  /** The attempt running or last run (0 before the first). */
  readonly attempt: number
  /** Why it ended, when it did not succeed. */
  readonly outcome?: Outcome
  /** Milliseconds since the epoch, from the injected clock. */
  readonly startedAt?: number
  readonly finishedAt?: number
}

/** A stage not yet started. */
export function initialStageState(policy: StagePolicy): StageState {
  return { phase: StagePhase.new, status: 'queued', policy, attempt: 0 }
}

/** How long a finished stage took, by the clock its decisions were made with. */
export function stageDurationMs(state: StageState, clock: Clock): number {
  if (state.startedAt === undefined) return 0
  return (state.finishedAt ?? clock.now().getTime()) - state.startedAt
}
