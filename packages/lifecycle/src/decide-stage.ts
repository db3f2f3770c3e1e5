import type { Clock } from '@runink/core'
import { LifecycleCodes } from './lifecycle-codes.js'
import { badEvent } from './lifecycle-error.js'
import type { Outcome } from './outcome.js'
import { retryDelay } from './retry-policy.js'
import type { StageAction } from './stage-action.js'
import type { StageEvent } from './stage-event.js'
import { StagePhase, type StageEnd, type StageState } from './stage-state.js'

/** A decision: the stage's next state and what the driver must do now, in order. */
export interface StageDecision {
  readonly state: StageState
  readonly actions: readonly StageAction[]
}

/** The outcome of a cancelled stage. */
export const CANCELLED: Outcome = {
  code: LifecycleCodes.RUNINK_RUN_CANCELLED,
  message: 'cancelled',
  retryable: false,
}

/**
 * The stage lifecycle: from a state and what just happened, the next state and the actions to
 * take. Prepare; then reuse a cache hit, or run attempts (a retryable failure waits by the
 * retry policy and tries again while attempts remain) and commit the first that succeeds.
 * Cancelling ends any unfinished stage. Pure: time comes from `clock`; an event that cannot
 * happen in the state throws RUNINK_LIFECYCLE_BAD_EVENT and changes nothing.
 */
export function decideStage(state: StageState, event: StageEvent, clock: Clock): StageDecision {
  const { phase } = state
  if (event.type === 'cancelled' && phase !== StagePhase.finished)
    return finish(state, 'cancelled', clock, CANCELLED)
  switch (event.type) {
    case 'start':
      if (phase !== StagePhase.new) break
      return {
        state: { ...state, phase: StagePhase.preparing, startedAt: clock.now().getTime() },
        actions: [{ type: 'prepare' }],
      }
    case 'prepared':
      if (phase !== StagePhase.preparing) break
      if (state.policy.cache)
        return {
          state: { ...state, phase: StagePhase.lookingUp },
          actions: [{ type: 'look-up-cache' }],
        }
      return firstAttempt(state)
    case 'cache-checked':
      if (phase !== StagePhase.lookingUp) break
      if (event.hit)
        return {
          state: { ...state, phase: StagePhase.reusing },
          actions: [{ type: 'reuse-cached' }],
        }
      return firstAttempt(state)
    case 'reused':
      if (phase !== StagePhase.reusing) break
      return finish(state, 'cached', clock)
    case 'attempt-succeeded':
      if (phase !== StagePhase.attempting) break
      return { state: { ...state, phase: StagePhase.committing }, actions: [{ type: 'commit' }] }
    case 'attempt-failed': {
      if (phase !== StagePhase.attempting) break
      const next = state.attempt + 1
      if (!event.outcome.retryable || next > state.policy.retry.attempts)
        return finish(state, 'failed', clock, event.outcome)
      const delayMs = retryDelay(state.policy.retry, next)
      return {
        state: { ...state, phase: StagePhase.waiting, outcome: event.outcome },
        actions: [{ type: 'wait', attempt: next, delayMs, after: event.outcome }],
      }
    }
    case 'retry-due':
      if (phase !== StagePhase.waiting) break
      return attempt(state, state.attempt + 1, [])
    case 'committed':
      if (phase !== StagePhase.committing) break
      return finish(state, 'succeeded', clock)
    case 'failed':
      if (
        phase !== StagePhase.preparing &&
        phase !== StagePhase.reusing &&
        phase !== StagePhase.committing
      )
        break
      return finish(state, 'failed', clock, event.outcome)
    case 'cancelled':
      break
  }
  throw badEvent('a stage', phase, event.type)
}

function firstAttempt(state: StageState): StageDecision {
  return attempt({ ...state, status: 'running' }, 1, [{ type: 'mark-running' }])
}

function attempt(state: StageState, n: number, before: StageAction[]): StageDecision {
  const { outcome: _lastFailure, ...rest } = state
  return {
    state: { ...rest, phase: StagePhase.attempting, attempt: n },
    actions: [...before, { type: 'run-attempt', attempt: n }],
  }
}

function finish(
  state: StageState,
  status: StageEnd,
  clock: Clock,
  outcome?: Outcome,
): StageDecision {
  const { outcome: _lastFailure, ...rest } = state
  return {
    state: {
      ...rest,
      phase: StagePhase.finished,
      status,
      finishedAt: clock.now().getTime(),
      ...(outcome ? { outcome } : {}),
    },
    actions: [{ type: 'finish', status, ...(outcome ? { outcome } : {}) }],
  }
}
