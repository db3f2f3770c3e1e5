import { describe, expect, it } from 'vitest'
import { canTransition, isTerminal, RunStatus, RUN_STATUS_NEXT, sourcesOf } from './run-status.js'
import { vocabulary } from './vocabularies.js'

describe('run status', () => {
  it('starts queued and ends in a terminal status that goes nowhere', () => {
    for (const s of vocabulary(RunStatus)) {
      expect(isTerminal(s)).toBe(RUN_STATUS_NEXT[s].length === 0)
    }
    expect(sourcesOf('queued')).toEqual([])
  })

  it('allows only the table’s moves', () => {
    expect(canTransition('queued', 'running')).toBe(true)
    expect(canTransition('running', 'succeeded')).toBe(true)
    expect(canTransition('running', 'cached')).toBe(false)
    expect(canTransition('succeeded', 'failed')).toBe(false)
    expect(canTransition('no-such-status', 'running')).toBe(false)
    expect(sourcesOf('succeeded')).toEqual(['running'])
    expect(sourcesOf('failed')).toEqual(['queued', 'running'])
  })
})
