import { describe, expect, it } from 'vitest'
import { emptyStageFailure } from './empty-stage.js'
import type { StageStats } from './stage-stats.js'

const stats = (over: Partial<StageStats>): StageStats => ({
  records: { in: 120, out: 0 },
  valid: { count: 0, ratio: 0 },
  invalid: { count: 120, ratio: 1 },
  filtered: 0,
  added: 0,
  unrouted: 0,
  sinks: {},
  metrics: {},
  reasons: [
    { field: 'price', rule: 'min', label: 'price: must be ≥ 0', count: 97 },
    { field: 'currency', rule: 'enum', label: 'currency: not one of USD,EUR', count: 23 },
  ],
  sample: [],
  durationMs: 1,
  ...over,
})

describe('emptyStageFailure', () => {
  it('fails a stage that read records and wrote no valid one, naming the top reasons', () => {
    expect(emptyStageFailure(stats({}), false)).toBe(
      'stage wrote no valid record: 0 of 120 record(s) valid; top reasons: price: must be ≥ 0 (97), currency: not one of USD,EUR (23) (if an empty output is intended, add @empty("allow") to the scenario)',
    )
  })

  it('says what became of records that were filtered or that no sink took', () => {
    const filtered = stats({
      invalid: { count: 0, ratio: 0 },
      reasons: [],
      filtered: 120,
    })
    expect(emptyStageFailure(filtered, false)).toMatch(
      /^stage wrote no valid record: 0 of 120 record\(s\) written to an output; 120 filtered by the steps \(/,
    )
    const unsunk = stats({
      valid: { count: 120, ratio: 1 },
      invalid: { count: 0, ratio: 0 },
      reasons: [],
    })
    expect(emptyStageFailure(unsunk, false)).toMatch(
      /0 of 120 record\(s\) written to an output; 120 valid record\(s\) that no sink took/,
    )
  })

  it('passes with @empty("allow"), with no input (a header-only file), and with output', () => {
    expect(emptyStageFailure(stats({}), true)).toBeUndefined()
    expect(
      emptyStageFailure(
        stats({ records: { in: 0, out: 0 }, invalid: { count: 0, ratio: 0 } }),
        false,
      ),
    ).toBeUndefined()
    expect(emptyStageFailure(stats({ records: { in: 120, out: 1 } }), false)).toBeUndefined()
  })
})
