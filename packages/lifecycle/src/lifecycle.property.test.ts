import { canTransition, fixedClock, type RunStatus } from '@runink/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decideRun, type GraphNode, type NodeState } from './decide-run.js'
import { decideStage } from './decide-stage.js'
import type { Outcome } from './outcome.js'
import type { StageAction } from './stage-action.js'
import type { StageEvent } from './stage-event.js'
import { initialStageState, type StagePolicy, type StageState } from './stage-state.js'

const outcome = fc.record({
  code: fc.constantFrom('RUNINK_SLICE_CRASHED', 'RUNINK_STAGE_EMPTY', 'RUNINK_SQL_ERROR'),
  message: fc.string({ maxLength: 8 }),
  retryable: fc.boolean(),
}) satisfies fc.Arbitrary<Outcome>

const event: fc.Arbitrary<StageEvent> = fc.oneof(
  fc.constant({ type: 'start' } as const),
  fc.constant({ type: 'prepared' } as const),
  fc.boolean().map((hit) => ({ type: 'cache-checked', hit }) as const),
  fc.constant({ type: 'reused' } as const),
  fc.constant({ type: 'attempt-succeeded' } as const),
  outcome.map((o) => ({ type: 'attempt-failed', outcome: o }) as const),
  fc.constant({ type: 'retry-due' } as const),
  fc.constant({ type: 'committed' } as const),
  outcome.map((o) => ({ type: 'failed', outcome: o }) as const),
  fc.constant({ type: 'cancelled' } as const),
)

const policy: fc.Arbitrary<StagePolicy> = fc.record({
  cache: fc.boolean(),
  retry: fc.record({
    attempts: fc.integer({ min: 1, max: 5 }),
    backoff: fc.constantFrom('fixed', 'exponential'),
    initialMs: fc.integer({ min: 0, max: 1000 }),
    maxMs: fc.integer({ min: 0, max: 5000 }),
  }),
})

/** One result the world may give for an action (whatever a real driver could report). */
function worldAnswer(action: StageAction, pick: number, o: Outcome): StageEvent | undefined {
  switch (action.type) {
    case 'prepare':
      return pick % 4 === 0 ? { type: 'failed', outcome: o } : { type: 'prepared' }
    case 'look-up-cache':
      return { type: 'cache-checked', hit: pick % 3 === 0 }
    case 'reuse-cached':
      return pick % 5 === 0 ? { type: 'failed', outcome: o } : { type: 'reused' }
    case 'run-attempt':
      return pick % 2 === 0 ? { type: 'attempt-failed', outcome: o } : { type: 'attempt-succeeded' }
    case 'wait':
      return { type: 'retry-due' }
    case 'commit':
      return pick % 7 === 0 ? { type: 'failed', outcome: o } : { type: 'committed' }
    case 'mark-running':
    case 'finish':
      return undefined
  }
}

describe('lifecycle properties', () => {
  it('a stage’s status only ever moves along core’s transition table, whatever events arrive', () => {
    fc.assert(
      fc.property(policy, fc.array(event, { maxLength: 40 }), (p, events) => {
        const clock = fixedClock(new Date(0))
        let state: StageState = initialStageState(p)
        for (const e of events) {
          let next: StageState
          try {
            next = decideStage(state, e, clock).state
          } catch (error) {
            expect(error).toMatchObject({ code: 'RUNINK_LIFECYCLE_BAD_EVENT' })
            continue
          }
          if (next.status !== state.status)
            expect(canTransition(state.status, next.status)).toBe(true)
          expect(next.attempt).toBeLessThanOrEqual(p.retry.attempts)
          state = next
        }
      }),
    )
  })

  it('every stage driven by any world ends, within its attempts, with one finish action', () => {
    fc.assert(
      fc.property(
        policy,
        fc.array(fc.nat(), { minLength: 1, maxLength: 60 }),
        outcome,
        fc.nat(30),
        (p, picks, o, cancelAt) => {
          const clock = fixedClock(new Date(0))
          let d = decideStage(initialStageState(p), { type: 'start' }, clock)
          const finishes: StageAction[] = []
          for (let step = 0; d.state.phase !== 'finished'; step++) {
            expect(step).toBeLessThan(4 + 3 * p.retry.attempts)
            const action = d.actions.at(-1)!
            const answer =
              step === cancelAt
                ? { type: 'cancelled' as const }
                : worldAnswer(action, picks[step % picks.length]!, o)
            d = decideStage(d.state, answer!, clock)
            finishes.push(...d.actions.filter((a) => a.type === 'finish'))
          }
          expect(finishes).toHaveLength(1)
          const end = d.state.status as RunStatus
          expect(['succeeded', 'cached', 'failed', 'cancelled']).toContain(end)
        },
      ),
    )
  })

  it('every run over any DAG terminates: concurrency kept, nothing starts before its dependencies, failures skip their dependents', () => {
    const dag = fc
      .integer({ min: 0, max: 8 })
      .chain((n) =>
        fc
          .tuple(
            ...Array.from({ length: n }, (_, i) =>
              fc.subarray(Array.from({ length: i }, (_, j) => j)),
            ),
          )
          .map((deps): GraphNode[] =>
            deps.map((d, i) => ({ id: `s${i}`, dependsOn: d.map((j) => `s${j}`) })),
          ),
      )
    fc.assert(
      fc.property(
        dag,
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.constantFrom<NodeState>('succeeded', 'cached', 'failed'), {
          minLength: 1,
          maxLength: 10,
        }),
        fc.option(fc.nat(10), { nil: undefined }),
        (nodes, concurrency, ends, cancelAt) => {
          const states = new Map<string, NodeState>()
          let cancelled = false
          for (let step = 0; ; step++) {
            expect(step).toBeLessThanOrEqual(2 * nodes.length + 1)
            if (step === cancelAt) cancelled = true
            const d = decideRun(nodes, states, { concurrency, cancelled })
            for (const s of d.skip) states.set(s.id, 'skipped')
            for (const id of d.start) {
              const node = nodes.find((n) => n.id === id)!
              for (const dep of node.dependsOn)
                expect(['succeeded', 'cached']).toContain(states.get(dep))
              states.set(id, 'running')
            }
            expect([...states.values()].filter((s) => s === 'running').length).toBeLessThanOrEqual(
              concurrency,
            )
            if (d.finished) {
              expect(d.start).toEqual([])
              if (d.finished === 'succeeded')
                expect([...states.values()].every((s) => s === 'succeeded' || s === 'cached')).toBe(
                  true,
                )
              for (const n of nodes)
                if (
                  n.dependsOn.some((dep) =>
                    ['failed', 'skipped', 'cancelled'].includes(states.get(dep)!),
                  )
                )
                  expect(states.get(n.id)).toBe('skipped')
              return
            }
            // The running stages end, each as the world says.
            let k = step
            for (const [id, s] of states)
              if (s === 'running')
                states.set(id, cancelled ? 'cancelled' : ends[k++ % ends.length]!)
          }
        },
      ),
    )
  })
})
