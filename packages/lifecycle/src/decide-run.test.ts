import { describe, expect, it } from 'vitest'
import { decideRun, type GraphNode, type NodeState } from './decide-run.js'

const DIAMOND: GraphNode[] = [
  { id: 'a', dependsOn: [] },
  { id: 'b', dependsOn: ['a'] },
  { id: 'c', dependsOn: ['a'] },
  { id: 'd', dependsOn: ['b', 'c'] },
]
const states = (s: Record<string, NodeState>) => new Map(Object.entries(s))
const OPEN = { concurrency: 4, cancelled: false }

describe('decideRun', () => {
  it('starts roots first, then whatever every dependency of succeeded or was cached', () => {
    expect(decideRun(DIAMOND, states({}), OPEN)).toEqual({ skip: [], start: ['a'] })
    expect(decideRun(DIAMOND, states({ a: 'cached' }), OPEN).start).toEqual(['b', 'c'])
    expect(
      decideRun(DIAMOND, states({ a: 'succeeded', b: 'succeeded', c: 'running' }), OPEN).start,
    ).toEqual([])
  })

  it('keeps to the concurrency, counting stages already running', () => {
    const wide: GraphNode[] = ['a', 'b', 'c', 'd'].map((id) => ({ id, dependsOn: [] }))
    expect(decideRun(wide, states({}), { concurrency: 2, cancelled: false }).start).toEqual([
      'a',
      'b',
    ])
    expect(
      decideRun(wide, states({ a: 'running' }), { concurrency: 2, cancelled: false }).start,
    ).toEqual(['b'])
  })

  it('skips every stage downstream of a failure, naming the stage each waited on, and fails the run', () => {
    const d = decideRun(DIAMOND, states({ a: 'succeeded', b: 'failed', c: 'succeeded' }), OPEN)
    expect(d).toEqual({
      skip: [{ id: 'd', because: { upstream: 'b' } }],
      start: [],
      finished: 'failed',
    })
    const early = decideRun(DIAMOND, states({ a: 'failed' }), OPEN)
    expect(early.skip).toEqual([
      { id: 'b', because: { upstream: 'a' } },
      { id: 'c', because: { upstream: 'a' } },
      { id: 'd', because: { upstream: 'b' } },
    ])
    expect(early.finished).toBe('failed')
  })

  it('lets independent branches go on after a failure', () => {
    const two: GraphNode[] = [
      { id: 'x', dependsOn: [] },
      { id: 'y', dependsOn: ['x'] },
      { id: 'p', dependsOn: [] },
      { id: 'q', dependsOn: ['p'] },
    ]
    const d = decideRun(two, states({ x: 'failed', p: 'succeeded' }), OPEN)
    expect(d).toEqual({ skip: [{ id: 'y', because: { upstream: 'x' } }], start: ['q'] })
  })

  it('once cancelled starts nothing, skips what waits and ends cancelled when the running end', () => {
    const d = decideRun(DIAMOND, states({ a: 'succeeded', b: 'running' }), {
      concurrency: 4,
      cancelled: true,
    })
    expect(d).toEqual({
      skip: [
        { id: 'c', because: { cancelled: true } },
        { id: 'd', because: { cancelled: true } },
      ],
      start: [],
    })
    const end = decideRun(
      DIAMOND,
      states({ a: 'succeeded', b: 'cancelled', c: 'skipped', d: 'skipped' }),
      {
        concurrency: 4,
        cancelled: true,
      },
    )
    expect(end.finished).toBe('cancelled')
  })

  it('succeeds when every stage succeeded or was cached; an empty plan succeeds at once', () => {
    expect(
      decideRun(DIAMOND, states({ a: 'cached', b: 'succeeded', c: 'cached', d: 'succeeded' }), OPEN)
        .finished,
    ).toBe('succeeded')
    expect(decideRun([], states({}), OPEN)).toEqual({ skip: [], start: [], finished: 'succeeded' })
  })

  it('counts a dependency outside the graph as met', () => {
    expect(decideRun([{ id: 'a', dependsOn: ['elsewhere'] }], states({}), OPEN).start).toEqual([
      'a',
    ])
  })

  it('refuses a graph whose stages wait on each other', () => {
    const loop: GraphNode[] = [
      { id: 'a', dependsOn: ['b'] },
      { id: 'b', dependsOn: ['a'] },
    ]
    expect(() => decideRun(loop, states({}), OPEN)).toThrow(
      expect.objectContaining({ code: 'RUNINK_LIFECYCLE_STUCK' }),
    )
  })
})
