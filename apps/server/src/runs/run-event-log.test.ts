import { describe, expect, it } from 'vitest'
import { RunEventLog } from './run-event-log.js'

describe('a run’s event log', () => {
  it('numbers events, gives those after an id, and keeps only the newest', () => {
    const log = new RunEventLog(3)
    expect(log.since(0)).toEqual([])
    for (const n of [1, 2, 3, 4]) log.push('run-event', { n })
    expect(log.lastId).toBe(4)
    // The first event is gone: a client behind it gets what is kept.
    expect(log.since(0).map((e) => e.id)).toEqual([2, 3, 4])
    expect(log.since(2).map((e) => e.data)).toEqual([{ n: 3 }, { n: 4 }])
    expect(log.since(4)).toEqual([])
    expect(log.since(9)).toEqual([])
  })

  it('wakes a waiter at the next event, ends at run-ended and takes nothing after it', async () => {
    const log = new RunEventLog()
    const woken = log.next()
    log.push('run-event', { a: 1 })
    await woken
    expect(log.ended).toBe(false)
    log.push('run-ended', { status: 'succeeded' })
    expect(log.ended).toBe(true)
    log.push('run-event', { late: true })
    expect(log.since(0).map((e) => e.event)).toEqual(['run-event', 'run-ended'])
    await log.next()
    const abort = new AbortController()
    const open = new RunEventLog()
    const waiting = open.next(abort.signal)
    abort.abort()
    await waiting
  })
})
