import { fixedClock } from '@runink/core'
import { describe, expect, it } from 'vitest'
import { decideStage } from './decide-stage.js'
import type { Outcome } from './outcome.js'
import type { StageEvent } from './stage-event.js'
import {
  initialStageState,
  stageDurationMs,
  type StagePolicy,
  type StageState,
} from './stage-state.js'

const RETRY: StagePolicy['retry'] = {
  attempts: 3,
  backoff: 'exponential',
  initialMs: 100,
  maxMs: 150,
}
const CRASH: Outcome = { code: 'RUNINK_SLICE_CRASHED', message: 'slice crashed', retryable: true }
const INVALID: Outcome = {
  code: 'RUNINK_STAGE_EMPTY',
  message: 'no valid record',
  retryable: false,
}

/** Feeds events in order; returns the last state and every action decided on the way. */
function drive(policy: StagePolicy, events: StageEvent[]) {
  const clock = fixedClock(new Date('2026-12-07T00:00:00Z'))
  let state: StageState = initialStageState(policy)
  const actions = []
  for (const event of events) {
    clock.advance(10)
    const d = decideStage(state, event, clock)
    state = d.state
    actions.push(...d.actions)
  }
  return { state, actions: actions.map((a) => a.type), all: actions, clock }
}

describe('decideStage', () => {
  it('prepares, misses the cache, runs, commits: succeeded, with its duration from the clock', () => {
    const { state, actions, clock } = drive({ cache: true, retry: RETRY }, [
      { type: 'start' },
      { type: 'prepared' },
      { type: 'cache-checked', hit: false },
      { type: 'attempt-succeeded' },
      { type: 'committed' },
    ])
    expect(actions).toEqual([
      'prepare',
      'look-up-cache',
      'mark-running',
      'run-attempt',
      'commit',
      'finish',
    ])
    expect(state).toMatchObject({ phase: 'finished', status: 'succeeded', attempt: 1 })
    expect(stageDurationMs(state, clock)).toBe(40)
  })

  it('reuses a cache hit without ever running', () => {
    const { state, actions } = drive({ cache: true, retry: RETRY }, [
      { type: 'start' },
      { type: 'prepared' },
      { type: 'cache-checked', hit: true },
      { type: 'reused' },
    ])
    expect(actions).toEqual(['prepare', 'look-up-cache', 'reuse-cached', 'finish'])
    expect(state.status).toBe('cached')
    expect(state.attempt).toBe(0)
  })

  it('does not ask the cache when its policy says no', () => {
    const { actions } = drive({ cache: false, retry: RETRY }, [
      { type: 'start' },
      { type: 'prepared' },
    ])
    expect(actions).toEqual(['prepare', 'mark-running', 'run-attempt'])
  })

  it('retries a retryable failure after the policy’s delay, up to its attempts, then fails with the last outcome', () => {
    const { state, all } = drive({ cache: false, retry: RETRY }, [
      { type: 'start' },
      { type: 'prepared' },
      { type: 'attempt-failed', outcome: CRASH },
      { type: 'retry-due' },
      { type: 'attempt-failed', outcome: CRASH },
      { type: 'retry-due' },
      { type: 'attempt-failed', outcome: { ...CRASH, message: 'third' } },
    ])
    expect(all.filter((a) => a.type === 'wait')).toEqual([
      { type: 'wait', attempt: 2, delayMs: 100, after: CRASH },
      { type: 'wait', attempt: 3, delayMs: 150, after: CRASH },
    ])
    expect(
      all.filter((a) => a.type === 'run-attempt').map((a) => a.type === 'run-attempt' && a.attempt),
    ).toEqual([1, 2, 3])
    expect(state).toMatchObject({ status: 'failed', attempt: 3, outcome: { message: 'third' } })
  })

  it('never retries what a retry cannot fix', () => {
    const { state, actions } = drive({ cache: false, retry: RETRY }, [
      { type: 'start' },
      { type: 'prepared' },
      { type: 'attempt-failed', outcome: INVALID },
    ])
    expect(actions.at(-1)).toBe('finish')
    expect(state).toMatchObject({ status: 'failed', attempt: 1, outcome: INVALID })
  })

  it('fails without running when preparing fails, and keeps the code', () => {
    const outcome = {
      code: 'RUNINK_PATH_OUTSIDE',
      message: 'sink outside the project',
      retryable: false,
    }
    const { state, all } = drive({ cache: true, retry: RETRY }, [
      { type: 'start' },
      { type: 'failed', outcome },
    ])
    expect(all.at(-1)).toEqual({ type: 'finish', status: 'failed', outcome })
    expect(state.status).toBe('failed')
  })

  it('ends cancelled from any unfinished phase, including a wait between attempts', () => {
    const { state, all } = drive({ cache: false, retry: RETRY }, [
      { type: 'start' },
      { type: 'prepared' },
      { type: 'attempt-failed', outcome: CRASH },
      { type: 'cancelled' },
    ])
    expect(all.at(-1)).toMatchObject({
      type: 'finish',
      status: 'cancelled',
      outcome: { code: 'RUNINK_RUN_CANCELLED' },
    })
    expect(state.status).toBe('cancelled')
  })

  it('refuses an event that cannot happen, with a typed error, and changes nothing', () => {
    const state = initialStageState({ cache: false, retry: RETRY })
    const clock = fixedClock(new Date(0))
    expect(() => decideStage(state, { type: 'committed' }, clock)).toThrow(
      expect.objectContaining({ code: 'RUNINK_LIFECYCLE_BAD_EVENT' }),
    )
    expect(state.phase).toBe('new')
    const done = drive({ cache: true, retry: RETRY }, [
      { type: 'start' },
      { type: 'prepared' },
      { type: 'cache-checked', hit: true },
      { type: 'reused' },
    ]).state
    expect(() => decideStage(done, { type: 'cancelled' }, clock)).toThrow(
      /phase finished cannot take event cancelled/,
    )
  })
})
