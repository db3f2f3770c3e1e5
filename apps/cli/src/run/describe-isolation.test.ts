import { describe, expect, it } from 'vitest'
import { describeIsolation } from './describe-isolation.js'

describe('describeIsolation', () => {
  it('says in words which limits did not hold, and leaves full isolation as it is', () => {
    expect(describeIsolation('sandbox')).toBe('sandbox')
    expect(describeIsolation('process')).toBe('process')
    expect(describeIsolation('sandbox-rlimits')).toBe(
      'sandbox-rlimits: no cgroups, so memory, CPU and process count were not limited',
    )
    expect(describeIsolation('process-rlimits')).toMatch(/^process-rlimits: no cgroups/)
    expect(describeIsolation('none')).toBe('none: no isolation, no limits')
  })
})
